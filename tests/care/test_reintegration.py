"""Reintegration (F7): the family is assessed on the configured form, tasks are
agreed, the return is recorded in one step, and post-return visits come due."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.care.models import CareArrangement, ReintegrationPlan
from hearth.care.services import reintegration
from hearth.care.tasks import care_tasks_for
from hearth.cases.models import FollowUp
from hearth.core import clock
from hearth.core.errors import Refused
from hearth.core.models import Setting
from tests.care.conftest import DAY, decide, place

ANSWERS = {
    "family": {
        "visited_on": "2026-06-01",
        "members": [{"name": "Grace Okello", "relationship": "mother", "age": 34}],
        "why_separated": "Violence by the stepfather, who has left.",
    },
    "safety": {"causes_addressed": True, "protective_factors": "Grandmother nearby."},
    "capacity": {
        "livelihood": "some_concern",
        "housing": "no_concern",
        "caregiver_health": "no_concern",
    },
    "wishes": {"family_wants_child": True, "child_wishes": "Wants to go home."},
}


@pytest.fixture
def fostered(frozen, worker, case, carer):
    decide(worker, case, decided_on=frozen - 60 * DAY)
    return place(worker, case, foster_carer=carer, start_date=frozen - 60 * DAY)


@pytest.fixture
def plan(fostered, worker):
    return reintegration.reintegration_plan_create(
        actor=worker, case=fostered.case, family="Mother, Grace Okello", goal="Return home."
    )


def assess(worker, plan, recommendation="with_support", answers=ANSWERS):
    return reintegration.family_assessment_record(
        actor=worker,
        plan=plan,
        answers=answers,
        assessed_on=clock.today(),
        recommendation=recommendation,
    )


def test_one_plan_in_progress_per_case(plan, worker):
    with pytest.raises(Refused, match="already"):
        reintegration.reintegration_plan_create(actor=worker, case=plan.case, family="Aunt")


def test_the_family_assessment_is_checked_against_the_form(plan, worker):
    incomplete = {"family": {"visited_on": "2026-06-01"}}
    with pytest.raises(ValidationError) as refused:
        assess(worker, plan, answers=incomplete)
    assert "family.why_separated" in refused.value.error_dict
    done = assess(worker, plan)
    assert done.form_version.definition.code == "reintegration_family_assessment"
    assert done.answers["safety"]["causes_addressed"] is True


def test_no_return_before_the_family_is_assessed_as_ready(plan, worker, frozen):
    with pytest.raises(Refused, match="family assessment"):
        reintegration.reintegration_return(
            actor=worker, plan=plan, returned_on=frozen, decided_by="Caseworker"
        )
    assess(worker, plan, recommendation="not_yet")
    with pytest.raises(Refused, match="family assessment"):
        reintegration.reintegration_return(
            actor=worker, plan=plan, returned_on=frozen, decided_by="Caseworker"
        )


def test_agreed_tasks_come_due(plan, worker, frozen):
    task = reintegration.reintegration_task_add(
        actor=worker,
        plan=plan,
        responsible="Caseworker",
        description="Enrol the child in the village school",
        due_on=frozen - DAY,
    )
    due = [t for t in care_tasks_for(worker) if t.kind == "reintegration_task"]
    assert len(due) == 1 and due[0].overdue
    reintegration.reintegration_task_done(actor=worker, task=task)
    assert not [t for t in care_tasks_for(worker) if t.kind == "reintegration_task"]


def test_the_return_discharges_starts_family_care_and_schedules_visits(
    plan, fostered, worker, frozen
):
    assess(worker, plan)
    visits = reintegration.reintegration_return(
        actor=worker, plan=plan, returned_on=frozen, decided_by="Caseworker and supervisor"
    )
    fostered.refresh_from_db()
    assert fostered.end_date == frozen - DAY
    assert fostered.discharge.kind == "reintegration"
    home = CareArrangement.objects.get(child=plan.child, end_date__isnull=True)
    assert home.care_type.code == "parental" and home.start_date == frozen
    assert fostered.followed_by_id == home.pk
    plan.refresh_from_db()
    assert plan.status == ReintegrationPlan.Status.RETURNED and plan.returned_on == frozen
    # 2 weeks, 1, 3, 6 and 12 months after 15 June 2026.
    assert [v.follow_up.due_on for v in visits] == [
        dt.date(2026, 6, 29),
        dt.date(2026, 7, 15),
        dt.date(2026, 9, 15),
        dt.date(2026, 12, 15),
        dt.date(2027, 6, 15),
    ]
    # The visits are the case's own follow-ups: they move its next-due date.
    first = FollowUp.objects.filter(case=plan.case, done_on__isnull=True).order_by("due_on")[0]
    assert first.due_on == dt.date(2026, 6, 29)
    plan.case.refresh_from_db()
    assert plan.case.next_due_on <= first.due_on


def test_the_visit_schedule_is_configurable(plan, worker, frozen):
    Setting.objects.create(key="care.reintegration_visits", value=[[10, "days"], [2, "months"]])
    assess(worker, plan)
    visits = reintegration.reintegration_return(
        actor=worker, plan=plan, returned_on=frozen, decided_by="Caseworker"
    )
    assert [v.follow_up.due_on for v in visits] == [dt.date(2026, 6, 25), dt.date(2026, 8, 15)]


def test_visits_come_due_and_show_overdue(plan, worker, frozen):
    assess(worker, plan)
    visits = reintegration.reintegration_return(
        actor=worker, plan=plan, returned_on=frozen - 20 * DAY, decided_by="Caseworker"
    )
    due = [t for t in care_tasks_for(worker) if t.kind == "reintegration_visit"]
    # The two-week visit is overdue; the one-month visit is due within two weeks.
    assert [(t.follow_up_id, t.overdue) for t in due] == [
        (visits[0].follow_up_id, True),
        (visits[1].follow_up_id, False),
    ]


def test_recording_every_visit_completes_the_plan(plan, worker, frozen):
    assess(worker, plan)
    visits = reintegration.reintegration_return(
        actor=worker, plan=plan, returned_on=frozen - 10 * DAY, decided_by="Caseworker"
    )
    with pytest.raises(ValidationError) as refused:
        reintegration.reintegration_visit_record(
            actor=worker, visit=visits[0], done_on=frozen, contact="in_person", observations=""
        )
    assert "observations" in refused.value.error_dict
    for visit in visits:
        reintegration.reintegration_visit_record(
            actor=worker,
            visit=visit,
            done_on=frozen,
            contact="in_person",
            child_seen=True,
            observations="Child at home, attending school.",
            living_at_home=True,
            wellbeing="well",
        )
    plan.refresh_from_db()
    assert plan.status == ReintegrationPlan.Status.COMPLETED
    assert not FollowUp.objects.filter(case=plan.case, done_on__isnull=True).exists()


def test_stopping_a_plan_cancels_the_visits_not_made(plan, worker, frozen):
    assess(worker, plan)
    reintegration.reintegration_return(
        actor=worker, plan=plan, returned_on=frozen, decided_by="Caseworker"
    )
    reintegration.reintegration_plan_stop(actor=worker, plan=plan, reason="The family moved away.")
    assert not FollowUp.objects.filter(
        case=plan.case, is_voided=False, done_on__isnull=True
    ).exists()
    assert not [t for t in care_tasks_for(worker) if t.kind == "reintegration_visit"]
