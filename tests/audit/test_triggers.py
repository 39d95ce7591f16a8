"""The database itself refuses to change or remove audit events (B6)."""

import pytest
from django.db import DatabaseError, connection, transaction

from hearth.audit.models import AuditEvent, ChainHead

pytestmark = pytest.mark.usefixtures("audit_locked")


def refused(statement, params=()):
    # A savepoint, so the test's own transaction survives the refusal.
    with (
        pytest.raises(DatabaseError, match="append-only|only moves forward|cannot be"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)


def test_update_is_refused(events):
    refused("UPDATE audit_auditevent SET actor_label = 'x' WHERE seq = 2")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=3).update(action="test.changed")
    assert AuditEvent.objects.get(seq=2).actor_label == "tester"


def test_delete_is_refused(events):
    refused("DELETE FROM audit_auditevent WHERE seq = 2")
    refused("DELETE FROM audit_auditevent")
    refused("DELETE FROM audit_chainhead")
    assert AuditEvent.objects.count() == 6


def test_the_head_cannot_be_wound_back(events):
    """Cutting events off the end needs the head wound back to match; refused."""
    previous = AuditEvent.objects.get(seq=5)
    refused("UPDATE audit_chainhead SET seq = %s, hash = %s", [5, previous.hash])
    refused("UPDATE audit_chainhead SET seq = 7, hash = %s", ["f" * 64])
    assert ChainHead.objects.get().seq == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused(events):
    refused("TRUNCATE audit_auditevent")
    refused("TRUNCATE audit_chainhead")
