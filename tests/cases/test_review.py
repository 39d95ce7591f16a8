"""Reviews of the case plan and case conferences (E2)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases.models import Approval, Case, CaseReview
from hearth.cases.services import review
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from tests.cases.case_states import put_in

DAY = dt.timedelta(days=1)


def held(actor, case, decision="continue", **extra):
    values = {
        "held_on": clock.today(),
        "participants": "Caseworker, grandmother, teacher",
        "child_participated": True,
        "child_views": "Wants to stay with grandmother.",
        "progress": "Attends school again.",
        "decisions": "Keep the plan; add a school visit.",
        "decision": decision,
    }
    values.update(extra)
    return review.review_record(actor=actor, case=case, **values)


@pytest.fixture
def in_implementation(case):
    return put_in(case, Case.Status.IN_IMPLEMENTATION)


@pytest.fixture
def under_review(case):
    return put_in(case, Case.Status.UNDER_REVIEW)


def test_starting_the_review_puts_the_case_under_review(in_implementation, worker):
    case = in_implementation
    review.review_start(actor=worker, case=case)
    assert Case.objects.get(pk=case.pk).status == Case.Status.UNDER_REVIEW
    event = AuditEvent.objects.get(action="case.transition")
    assert event.detail == {
        "from": "in_implementation",
        "to": "under_review",
        "transition": "review_started",
        "channel": event.detail["channel"],
    }
    with pytest.raises(Refused, match="Under review"):
        review.review_start(actor=worker, case=case)


def test_only_a_case_in_implementation_goes_under_review(case, worker):
    with pytest.raises(Refused, match="Registered"):
        review.review_start(actor=worker, case=case)


@pytest.mark.parametrize(("risk", "days"), [("high", 30), ("medium", 60), ("low", 90)])
def test_continue_returns_to_implementation_with_the_next_review_by_risk(
    make_case, worker, risk, days
):
    case = put_in(make_case(worker, risk_level=risk), Case.Status.UNDER_REVIEW)
    record = held(worker, case)
    case.refresh_from_db()
    assert case.status == Case.Status.IN_IMPLEMENTATION
    assert record.next_review_on == case.review_due_on == clock.today() + days * DAY
    assert case.next_due_on <= case.review_due_on


def test_a_late_record_counts_from_the_day_it_was_held(make_case, worker):
    registered = clock.today() - 40 * DAY
    case = put_in(make_case(worker, registration_date=registered), Case.Status.UNDER_REVIEW)
    held_on = clock.today() - 10 * DAY
    held(worker, case, held_on=held_on)
    case.refresh_from_db()
    assert case.review_due_on == held_on + 60 * DAY
    with pytest.raises(ValidationError) as error:
        held(worker, case, held_on=registered - DAY, is_conference=True)
    assert "held_on" in error.value.message_dict


def test_the_next_review_may_be_earlier_but_not_later(under_review, worker):
    with pytest.raises(ValidationError) as error:
        held(worker, under_review, next_review_on=clock.today() + 61 * DAY)
    assert "next_review_on" in error.value.message_dict
    assert not CaseReview.objects.exists()
    held(worker, under_review, next_review_on=clock.today() + 14 * DAY)
    under_review.refresh_from_db()
    assert under_review.review_due_on == clock.today() + 14 * DAY


@pytest.mark.parametrize("decision", ["revise", "close"])
def test_revise_and_close_keep_the_case_under_review(under_review, worker, decision):
    held(worker, under_review, decision=decision)
    under_review.refresh_from_db()
    assert under_review.status == Case.Status.UNDER_REVIEW
    assert under_review.review_due_on == clock.today() + 60 * DAY


def test_continue_needs_an_approved_plan_and_nothing_is_saved(case, worker):
    put_in(case, Case.Status.UNDER_REVIEW, plan=False)  # e.g. reopened before any plan
    with pytest.raises(Refused, match="approved case plan"):
        held(worker, case)
    case.refresh_from_db()
    assert not CaseReview.objects.exists() and case.review_due_on is None


def test_continue_waits_for_a_revised_plan_under_approval(under_review, worker):
    Approval.objects.create(
        case=under_review, subject="case_plan", subject_id=under_review.pk, created_by=worker
    )
    with pytest.raises(Refused, match="waiting for approval"):
        held(worker, under_review)


def test_a_plan_waiting_for_approval_is_named_before_a_missing_plan(case, worker):
    # Reopened before any plan was approved, with the first one now sent for approval:
    # the worker is told to wait for the decision, not that a plan is missing.
    put_in(case, Case.Status.UNDER_REVIEW, plan=False)
    Approval.objects.create(case=case, subject="case_plan", subject_id=case.pk, created_by=worker)
    with pytest.raises(Refused) as error:
        held(worker, case)
    assert str(error.value) == "A case plan is waiting for approval; wait for the decision."


def test_a_review_needs_the_case_under_review(in_implementation, worker):
    with pytest.raises(Refused, match="Start the review"):
        held(worker, in_implementation)


def test_a_review_is_not_recorded_in_the_future(under_review, worker):
    with pytest.raises(ValidationError) as error:
        held(worker, under_review, held_on=clock.today() + DAY)
    assert "held_on" in error.value.message_dict


@pytest.mark.parametrize("status", ["registered", "assessed", "in_implementation"])
def test_a_conference_moves_nothing(case, worker, status):
    put_in(case, status)
    conference = held(worker, case, is_conference=True, decision="revise")
    case.refresh_from_db()
    assert conference.is_conference and conference.next_review_on is None
    assert case.status == status and case.review_due_on is None
    with pytest.raises(ValidationError):
        held(worker, case, is_conference=True, next_review_on=clock.today() + 5 * DAY)


def test_reviews_are_for_those_working_on_the_case(under_review, manager, worker_elsewhere):
    for outsider in (manager, worker_elsewhere):
        with pytest.raises(Forbidden):
            held(outsider, under_review)


def test_the_review_section_offers_the_next_step(in_implementation, worker, manager, signed_in):
    case = in_implementation
    client = signed_in(worker)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Start the review" in html and "Record the review" not in html
    assert client.post(f"/cases/{case.pk}/review/start/").status_code == 302
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Record the review" in html and "Start the review" not in html
    response = client.post(
        f"/cases/{case.pk}/reviews/new/",
        {
            "held_on": clock.today().isoformat(),
            "participants": "Worker, mother",
            "decisions": "Carry on",
            "decision": "continue",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_IMPLEMENTATION
    reader = signed_in(manager).get(f"/cases/{case.pk}/").content.decode()
    assert "Reviews and conferences" in reader and "Start the review" not in reader


def test_starting_a_review_twice_shows_why_on_the_page(under_review, worker, signed_in):
    client = signed_in(worker)
    response = client.post(f"/cases/{under_review.pk}/review/start/", follow=True)
    assert "cannot be done while the case is" in response.content.decode()
