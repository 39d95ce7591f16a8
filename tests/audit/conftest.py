import contextlib

import pytest
from django.db import connection

from hearth.audit.services import record


@pytest.fixture
def events(db):
    """Six events on a fresh chain."""
    return [
        record(actor=None, actor_label="tester", action="test.event", detail={"n": n})
        for n in range(6)
    ]


@contextlib.contextmanager
def _triggers_off():
    """Let a test play the tamperer. SQLite: the suite already holds the guard's
    key. PostgreSQL: switch the table's triggers off and on again (DDL rolls back
    with the test's transaction anyway)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE audit_chainhead DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_chainhead ENABLE TRIGGER USER")


@pytest.fixture
def tamper():
    return _triggers_off
