"""Follow-ups and home visits (E1): due dates, overdue until done, what a visit records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases import followup_queries
from hearth.cases.models import Case, FollowUp
from hearth.cases.services import followup
from hearth.core import clock
from hearth.core.errors import Conflict, Forbidden, NotFound, Refused
from tests.cases.case_states import put_in

DAY = dt.timedelta(days=1)
VISIT = {
    "contact": "in_person",
    "child_seen": True,
    "who_seen": "The child and her grandmother",
    "observations": "The child is attending school and looks well.",
}


@pytest.fixture
def frozen():
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    yield clock.today()
    clock.freeze(None)


def schedule(actor, case, days=7, **extra):
    return followup.followup_schedule(
        actor=actor, case=case, kind="home_visit", due_on=clock.today() + dt.timedelta(days=days),
        **extra,
    )  # fmt: skip


def test_a_visit_is_overdue_until_done(frozen, case, worker):
    visit = schedule(worker, case, days=3, purpose="Check school attendance")
    assert list(followup_queries.overdue_follow_ups(worker)) == []
    assert list(followup_queries.overdue_follow_ups(worker, frozen + 3 * DAY)) == []
    assert list(followup_queries.overdue_follow_ups(worker, frozen + 4 * DAY)) == [visit]

    clock.freeze(dt.datetime(2026, 3, 9, 9, 0))  # a week later, past due
    assert list(followup_queries.overdue_follow_ups(worker)) == [visit]
    followup.followup_done(actor=worker, follow_up=visit, done_on=clock.today(), **VISIT)
    assert list(followup_queries.overdue_follow_ups(worker)) == []


def test_overdue_visits_are_only_those_the_reader_may_see(frozen, case, worker, worker_elsewhere):
    schedule(worker, case, days=0)
    later = frozen + 2 * DAY
    assert followup_queries.overdue_follow_ups(worker, later).count() == 1
    assert followup_queries.overdue_follow_ups(worker_elsewhere, later).count() == 0


def test_scheduling_keeps_the_case_deadline_and_audit(frozen, case, worker):
    visit = schedule(worker, case, days=5)
    case.refresh_from_db()
    # Registered today at medium risk: the assessment (3 days) comes before the visit.
    assert case.next_due_on == frozen + 3 * DAY
    schedule(worker, case, days=1)
    case.refresh_from_db()
    assert case.next_due_on == frozen + DAY
    assert AuditEvent.objects.filter(action="followup.schedule", object_id=str(visit.pk)).exists()


def test_a_visit_is_not_scheduled_in_the_past(case, worker):
    with pytest.raises(ValidationError) as error:
        schedule(worker, case, days=-1)
    assert "due_on" in error.value.message_dict
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"contact": ""}, "contact"),
        ({"observations": "  "}, "observations"),
        ({"done_on": "tomorrow"}, "done_on"),
    ],
)
def test_a_visit_done_needs_contact_and_observations_and_a_past_date(case, worker, change, field):
    visit = schedule(worker, case)
    values = {**VISIT, "done_on": clock.today(), **change}
    if values["done_on"] == "tomorrow":
        values["done_on"] = clock.today() + DAY
    with pytest.raises(ValidationError) as error:
        followup.followup_done(actor=worker, follow_up=visit, **values)
    assert field in error.value.message_dict
    visit.refresh_from_db()
    assert visit.done_on is None and visit.version == 1


def test_recording_a_visit_on_an_approved_plan_starts_implementation(case, worker):
    put_in(case, Case.Status.PLAN_APPROVED)
    visit = schedule(worker, case)
    assert case.status == Case.Status.PLAN_APPROVED  # scheduling alone starts nothing
    followup.followup_done(actor=worker, follow_up=visit, done_on=clock.today(), **VISIT)
    case.refresh_from_db()
    assert case.status == Case.Status.IN_IMPLEMENTATION
    event = AuditEvent.objects.get(action="case.transition", object_id=str(case.pk))
    assert event.detail["transition"] == "implementation_started"


def test_an_unscheduled_visit_is_recorded_in_one_step(case, worker):
    put_in(case, Case.Status.PLAN_APPROVED)
    visit = followup.followup_log(
        actor=worker, case=case, kind="office", done_on=clock.today(), purpose="Walk-in", **VISIT
    )
    assert visit.due_on == visit.done_on == clock.today()
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_IMPLEMENTATION
    with pytest.raises(ValidationError):
        followup.followup_log(
            actor=worker, case=case, kind="office", done_on=clock.today(), contact="phone"
        )


def test_a_visit_is_recorded_once(case, worker):
    visit = schedule(worker, case)
    followup.followup_done(actor=worker, follow_up=visit, done_on=clock.today(), **VISIT)
    with pytest.raises(Refused):
        followup.followup_done(actor=worker, follow_up=visit, done_on=clock.today(), **VISIT)


def test_reschedule_needs_a_reason_and_is_audited(case, worker):
    visit = schedule(worker, case, days=2)
    with pytest.raises(ValidationError):
        followup.followup_reschedule(
            actor=worker, follow_up=visit, due_on=clock.today() + 9 * DAY, reason=" "
        )
    followup.followup_reschedule(
        actor=worker, follow_up=visit, due_on=clock.today() + 9 * DAY, reason="Family away"
    )
    visit.refresh_from_db()
    assert visit.due_on == clock.today() + 9 * DAY
    event = AuditEvent.objects.get(action="followup.reschedule")
    assert event.detail["reason"] == "Family away"
    assert event.changes["due_on"][1] == visit.due_on.isoformat()


def test_a_stale_reschedule_is_a_conflict(case, worker):
    visit = schedule(worker, case, days=2)
    stale = FollowUp.objects.select_related("case").get(pk=visit.pk)
    followup.followup_reschedule(
        actor=worker, follow_up=visit, due_on=clock.today() + 5 * DAY, reason="Rain"
    )
    with pytest.raises(Conflict):
        followup.followup_reschedule(
            actor=worker, follow_up=stale, due_on=clock.today() + 6 * DAY, reason="Market day"
        )


def test_cancel_voids_with_a_reason_and_frees_the_deadline(case, worker):
    visit = schedule(worker, case, days=1)
    with pytest.raises(Exception, match="reason"):
        followup.followup_cancel(actor=worker, follow_up=visit, reason="")
    followup.followup_cancel(actor=worker, follow_up=visit, reason="The family moved")
    visit.refresh_from_db()
    case.refresh_from_db()
    assert visit.is_voided and visit.void_reason == "The family moved"
    assert case.next_due_on == case.assessment_due_at.date()
    with pytest.raises(NotFound):
        followup_queries.child_for(worker, FollowUp, visit.pk)


def test_only_those_working_on_the_case_schedule(case, worker_elsewhere, manager):
    for outsider in (worker_elsewhere, manager):
        with pytest.raises(Forbidden):
            schedule(outsider, case)


def test_a_closed_case_takes_no_new_visits(case, worker):
    visit = schedule(worker, case)
    put_in(case, Case.Status.CLOSED)
    visit.case = case
    with pytest.raises(Refused, match="closed"):
        schedule(worker, case)
    with pytest.raises(Refused, match="closed"):
        followup.followup_done(actor=worker, follow_up=visit, done_on=clock.today(), **VISIT)


# --- pages ------------------------------------------------------------------------------


def test_the_case_page_shows_visits_with_the_overdue_badge(frozen, case, worker, signed_in):
    visit = schedule(worker, case, days=0, purpose="School visit")
    clock.freeze(dt.datetime(2026, 3, 5, 9, 0))
    page = signed_in(worker).get(f"/cases/{case.pk}/")
    html = page.content.decode()
    assert "Follow-ups and visits" in html
    assert "School visit" in html and "overdue" in html
    assert f"/cases/{case.pk}/follow-ups/{visit.pk}/done/" in html


def test_scheduling_and_recording_through_the_pages(case, worker, signed_in):
    client = signed_in(worker)
    due = (clock.today() + 3 * DAY).isoformat()
    response = client.post(
        f"/cases/{case.pk}/follow-ups/new/", {"kind": "home_visit", "due_on": due}
    )
    assert response.status_code == 302
    visit = FollowUp.objects.get()
    url = f"/cases/{case.pk}/follow-ups/{visit.pk}/done/"
    response = client.post(url, {"done_on": clock.today().isoformat(), "contact": "in_person"})
    assert response.status_code == 200
    assert "Write what was observed." in response.content.decode()
    response = client.post(
        url,
        {
            "done_on": clock.today().isoformat(),
            "contact": "in_person",
            "observations": "All well",
            "version": visit.version,
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.done_on == clock.today() and visit.observations == "All well"


def test_the_actions_are_not_offered_to_readers(case, manager, signed_in):
    html = signed_in(manager).get(f"/cases/{case.pk}/").content.decode()
    assert "Follow-ups and visits" in html
    assert "Schedule a visit" not in html
    assert signed_in(manager).get(f"/cases/{case.pk}/follow-ups/new/").status_code == 403
