"""writes.create/update/void: every service saves rows through these, so their
rules (validation, stamps, optimistic locking, void with a reason) hold everywhere."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.accounts.models import Agency
from hearth.core import clock, writes
from hearth.core.errors import Conflict, HearthError


@pytest.fixture
def moment():
    clock.freeze(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))
    yield clock.now()
    clock.freeze(None)


def test_create_stamps_author_and_time(worker, moment):
    agency = writes.create(Agency(name="Save the Family", code="STF"), actor=worker)
    agency.refresh_from_db()
    assert agency.created_by == worker and agency.updated_by == worker
    assert agency.created_at == moment == agency.updated_at
    assert agency.version == 1
    assert not agency.is_voided


def test_create_validates_before_inserting(worker):
    with pytest.raises(ValidationError) as caught:
        writes.create(Agency(name="", code="X"), actor=worker)
    assert "name" in caught.value.error_dict
    assert not Agency.objects.filter(code="X").exists()


def test_update_bumps_the_version(worker):
    agency = writes.create(Agency(name="Hope", code="HOPE"), actor=worker)
    agency.name = "Hope Trust"
    writes.update(agency, actor=worker)
    assert agency.version == 2
    stored = Agency.objects.get(pk=agency.pk)
    assert (stored.name, stored.version) == ("Hope Trust", 2)


def test_update_from_a_stale_copy_is_a_conflict_and_writes_nothing(worker, supervisor):
    agency = writes.create(Agency(name="Hope", code="HOPE"), actor=worker)
    mine = Agency.objects.get(pk=agency.pk)
    theirs = Agency.objects.get(pk=agency.pk)
    theirs.name = "Hope Trust"
    writes.update(theirs, actor=supervisor)

    mine.name = "Hope Foundation"
    mine.phone = "+256 700 000000"
    with pytest.raises(Conflict) as caught:
        writes.update(mine, actor=worker)
    assert "Reload" in str(caught.value.message)
    stored = Agency.objects.get(pk=agency.pk)
    assert (stored.name, stored.phone, stored.version) == ("Hope Trust", "", 2)
    assert stored.updated_by == supervisor


def test_update_with_an_explicit_expected_version(worker):
    agency = writes.create(Agency(name="Hope", code="HOPE"), actor=worker)
    agency.name = "Hope Trust"
    with pytest.raises(Conflict):
        writes.update(agency, actor=worker, expected_version=7)
    assert Agency.objects.get(pk=agency.pk).name == "Hope"
    writes.update(agency, actor=worker, expected_version="1")  # as a form posts it
    assert Agency.objects.get(pk=agency.pk).version == 2


def test_update_validates(worker):
    agency = writes.create(Agency(name="Hope", code="HOPE"), actor=worker)
    agency.email = "not an address"
    with pytest.raises(ValidationError):
        writes.update(agency, actor=worker)
    assert Agency.objects.get(pk=agency.pk).email == ""


def test_void_needs_a_reason(worker):
    agency = writes.create(Agency(name="Hope", code="HOPE"), actor=worker)
    for reason in ("", "   ", None):
        with pytest.raises(HearthError) as caught:
            writes.void(agency, actor=worker, reason=reason)
        assert caught.value.field == "reason"
    assert not Agency.objects.get(pk=agency.pk).is_voided


def test_void_keeps_the_row_with_who_when_and_why(worker, moment):
    agency = writes.create(Agency(name="Hope", code="HOPE"), actor=worker)
    writes.void(agency, actor=worker, reason="  Registered twice  ")
    stored = Agency.objects.get(pk=agency.pk)
    assert stored.is_voided
    assert stored.void_reason == "Registered twice"
    assert stored.voided_by == worker and stored.voided_at == moment
    assert stored.version == 2
    assert list(Agency.objects.active().filter(pk=agency.pk)) == []
    with pytest.raises(HearthError):
        writes.void(stored, actor=worker, reason="again")


def test_changes_and_snapshot_report_what_differs(worker):
    agency = writes.create(Agency(name="Hope", code="HOPE"), actor=worker)
    before = writes.snapshot(agency)
    agency.name = "Hope Trust"
    after = writes.snapshot(agency)
    assert before["id"] == str(agency.pk)
    assert writes.changes(before, after) == {"name": ["Hope", "Hope Trust"]}
    assert writes.plain(dt.date(2026, 1, 2)) == "2026-01-02"
