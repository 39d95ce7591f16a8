"""Case notes and supervision notes (G4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.access import sensitivity
from hearth.accounts.models import Role
from hearth.audit.models import AuditEvent
from hearth.cases.models import Case, CaseNote
from hearth.cases.services import notes, registration
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from hearth.notify.models import Notification
from tests.cases.case_states import put_in
from tests.conftest import make_user

TEXT = "Grandmother says the child was beaten by an uncle last week."


@pytest.fixture
def frozen():
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    yield
    clock.freeze(None)


def write(actor, case, text=TEXT, **extra):
    return notes.note_write(actor=actor, case=case, text=text, **extra)


def test_whoever_works_on_the_case_writes_case_notes(case, worker, worker_elsewhere, manager):
    note = write(worker, case)
    assert note.kind == CaseNote.Kind.NOTE and note.created_by == worker
    for outsider in (worker_elsewhere, manager):
        with pytest.raises(Forbidden):
            write(outsider, case)
    with pytest.raises(ValidationError):
        write(worker, case, text="   ")
    assert CaseNote.objects.count() == 1


def test_an_assigned_co_worker_writes_notes(case, supervisor, worker_elsewhere):
    registration.assignment_add(actor=supervisor, case=case, user=worker_elsewhere)
    assert write(worker_elsewhere, case).case == case


def test_supervision_notes_are_for_supervisors(case, worker):
    with pytest.raises(Forbidden):
        write(worker, case, kind=CaseNote.Kind.SUPERVISION)


def test_a_supervision_note_tells_the_caseworker_and_co_workers(
    case, worker, supervisor, worker_elsewhere, django_capture_on_commit_callbacks, mailoutbox
):
    for user in (worker, worker_elsewhere, supervisor):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    registration.assignment_add(actor=supervisor, case=case, user=worker_elsewhere)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        write(supervisor, case, kind=CaseNote.Kind.SUPERVISION, text="Visit the school this week.")
    told = Notification.objects.filter(kind="supervision_note")
    assert set(told.values_list("recipient__username", flat=True)) == {"worker", "elsewhere"}
    assert sorted(m.to[0] for m in mailoutbox) == ["elsewhere@example.org", "worker@example.org"]
    assert all(case.number in m.subject or case.number in m.body for m in mailoutbox)
    # The email carries no case content, only a title and a link.
    assert not any("school" in m.body for m in mailoutbox)


def test_a_case_note_tells_nobody(case, worker):
    write(worker, case)
    assert not Notification.objects.exists()


def test_the_author_changes_a_note_only_within_a_day(frozen, case, worker):
    note = write(worker, case)
    notes.note_edit(actor=worker, note=note, text=TEXT + " (on Tuesday)")
    note.refresh_from_db()
    assert note.text.endswith("(on Tuesday)") and note.version == 2
    clock.freeze(dt.datetime(2026, 3, 3, 9, 0))  # exactly a day later
    with pytest.raises(Refused, match="correction"):
        notes.note_edit(actor=worker, note=note, text="Something else")
    note.refresh_from_db()
    assert note.text.endswith("(on Tuesday)")


def test_only_the_author_changes_a_note(case, worker, supervisor):
    note = write(worker, case)
    with pytest.raises(Refused, match="author"):
        notes.note_edit(actor=supervisor, note=note, text="Rewritten")


def test_a_correction_is_a_new_note_pointing_to_the_old(frozen, case, worker, supervisor):
    note = write(worker, case)
    clock.freeze(dt.datetime(2026, 3, 5, 9, 0))
    correction = write(worker, case, text="It was a neighbour, not an uncle.", corrects=note)
    assert correction.corrects == note and correction.kind == note.kind
    note.refresh_from_db()
    assert note.text == TEXT  # the original stands as written
    assert AuditEvent.objects.filter(action="note.correct", object_id=str(correction.pk)).exists()
    # A supervision note is corrected by a supervisor only: the correction takes its kind.
    advice = write(supervisor, case, kind=CaseNote.Kind.SUPERVISION, text="Refer to legal aid.")
    with pytest.raises(Forbidden):
        write(worker, case, text="Not legal aid", corrects=advice)


def test_a_correction_points_to_a_note_of_the_same_case(make_case, case, worker):
    other = make_case(worker)
    note = write(worker, other)
    with pytest.raises(ValidationError) as error:
        write(worker, case, corrects=note)
    assert "corrects" in error.value.message_dict


def test_voiding_needs_a_reason_and_the_author_or_a_supervisor(
    case, worker, supervisor, worker_elsewhere
):
    registration.assignment_add(actor=supervisor, case=case, user=worker_elsewhere)
    note = write(worker, case)
    with pytest.raises(Refused, match="author or a supervisor"):
        notes.note_void(actor=worker_elsewhere, note=note, reason="Wrong case")
    with pytest.raises(Exception, match="reason"):
        notes.note_void(actor=worker, note=note, reason="")
    notes.note_void(actor=supervisor, note=note, reason="Written on the wrong case")
    note.refresh_from_db()
    assert note.is_voided and note.voided_by == supervisor


def test_a_closed_case_takes_no_notes_of_any_kind(case, worker, supervisor):
    put_in(case, Case.Status.CLOSED)
    with pytest.raises(Refused, match="Reopen"):
        write(worker, case)
    with pytest.raises(Refused, match="Reopen"):
        write(supervisor, case, kind=CaseNote.Kind.SUPERVISION)


def test_the_audit_trail_keeps_no_note_text(case, worker):
    note = write(worker, case)
    notes.note_edit(actor=worker, note=note, text="Changed wording")
    for event in AuditEvent.objects.filter(object_id=str(note.pk)):
        assert "beaten" not in str(event.changes) + event.object_label
        assert "Changed wording" not in str(event.changes)


# --- pages ------------------------------------------------------------------------------


def test_note_text_is_masked_for_readers_without_clearance(case, worker, manager, signed_in):
    write(worker, case)
    assert TEXT in signed_in(worker).get(f"/cases/{case.pk}/").content.decode()
    html = signed_in(manager).get(f"/cases/{case.pk}/").content.decode()
    assert "Notes" in html and TEXT not in html and "•••" in html


def test_the_notes_page_lists_and_is_audited(case, worker, signed_in):
    note = write(worker, case)
    html = signed_in(worker).get(f"/cases/{case.pk}/notes/").content.decode()
    assert TEXT in html and f"/notes/{note.pk}/edit/" in html
    assert AuditEvent.objects.filter(action="case.read", detail__page="notes").exists()


def test_supervisors_see_the_supervision_note_button(case, worker, supervisor, signed_in):
    assert (
        "Write a supervision note"
        not in signed_in(worker).get(f"/cases/{case.pk}/").content.decode()
    )
    assert signed_in(worker).get(f"/cases/{case.pk}/notes/supervision/new/").status_code == 403
    client = signed_in(supervisor)
    assert "Write a supervision note" in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(f"/cases/{case.pk}/notes/supervision/new/", {"text": "Call me."})
    assert response.status_code == 302
    assert CaseNote.objects.get().kind == CaseNote.Kind.SUPERVISION


def test_an_old_note_offers_correction_not_change(frozen, case, worker, signed_in):
    note = write(worker, case)
    clock.freeze(dt.datetime(2026, 3, 4, 9, 0))
    client = signed_in(worker)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/notes/{note.pk}/correct/" in html and f"/notes/{note.pk}/edit/" not in html
    response = client.post(f"/cases/{case.pk}/notes/{note.pk}/edit/", {"text": "New"})
    assert "correction" in response.content.decode()
    note.refresh_from_db()
    assert note.text == TEXT


def test_a_role_with_low_clearance_may_not_read_notes_it_may_write(case, worker, agencies):
    # Clearance is what decides reading, whatever else the role allows.
    role = Role.objects.get(code="caseworker")
    low = Role.objects.create(
        code="volunteer", name="Volunteer", scope="own", clearance=1,
        permissions=role.permissions,
    )  # fmt: skip
    volunteer = make_user("volunteer", None, agency=agencies["gov"], team=agencies["north_team"])
    volunteer.roles.add(low)
    registration.assignment_add(
        actor=make_user("boss", "supervisor", agency=agencies["gov"], team=agencies["north_team"]),
        case=case,
        user=volunteer,
    )
    note = write(volunteer, case)
    assert sensitivity.value(volunteer, note, "text") == sensitivity.MASK
    assert sensitivity.value(worker, note, "text") == TEXT
