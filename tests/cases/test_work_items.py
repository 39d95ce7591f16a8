"""The open work items (`hearth.cases.work`) stay equal to what the case records
derive, whatever the sequence of services: the casework machine's random
sequences, with the day-to-day work added (follow-ups, services delivered or
cancelled, plan actions done, risk changes, assignments), checked after each
step. Every other test is checked once at its end (tests/work_check.py)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from hearth.cases import work
from hearth.cases.models import FollowUp, PlanAction, Service, WorkItem
from hearth.cases.services import delivery, followup, registration
from hearth.cases.services import plan as planning
from hearth.core import clock
from tests.cases.task_world import service, visit
from tests.cases.test_workflow_machine import CaseworkMachine, attempt

VISIT = {"contact": "in_person", "child_seen": True, "observations": "Well."}


class WorkItemsMachine(CaseworkMachine):
    @rule(days=st.integers(-5, 10))
    def schedule_visit(self, days):
        attempt(
            lambda: followup.followup_schedule(
                actor=self.actor("worker"),
                case=self.fresh(),
                kind="home_visit",
                due_on=clock.today() + dt.timedelta(days=max(days, 0)),
            )
        )

    @rule()
    def visit_done(self):
        row = FollowUp.objects.filter(case=self.case, done_on__isnull=True).first()
        if row:
            attempt(
                lambda: followup.followup_done(
                    actor=self.actor("worker"), follow_up=row, done_on=clock.today(), **VISIT
                )
            )

    @rule(deliver=st.booleans())
    def service_outcome(self, deliver):
        row = Service.objects.filter(case=self.case, status=Service.Status.PLANNED).first()
        if row is None:
            return
        if deliver:
            attempt(lambda: delivery.service_deliver(actor=self.actor("worker"), service=row))
        else:
            attempt(
                lambda: delivery.service_cancel(
                    actor=self.actor("worker"), service=row, reason="Not needed"
                )
            )

    @rule(done=st.booleans())
    def action_done(self, done):
        row = PlanAction.objects.filter(case=self.case).first()
        if row:
            attempt(
                lambda: planning.action_done(
                    actor=self.actor("worker"), action=row, done_on=clock.today() if done else None
                )
            )

    @rule(level=st.sampled_from(["high", "medium", "low"]))
    def risk(self, level):
        attempt(
            lambda: registration.risk_change(
                actor=self.actor("supervisor"), case=self.fresh(), risk_level=level, reason="Seen"
            )
        )

    @rule()
    def assign(self):
        attempt(
            lambda: registration.assignment_add(
                actor=self.actor("supervisor"), case=self.fresh(), user=self.actor("worker2")
            )
        )

    @invariant()
    def work_items_follow_the_records(self):
        found = work.differences()
        assert found == {"missing": set(), "extra": set()}


def test_random_sequences_keep_the_work_items(machine_people):
    WorkItemsMachine.people = machine_people
    run_state_machine_as_test(
        WorkItemsMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_rebuild_writes_what_the_records_say(make_case, worker):
    case = make_case(worker)
    service(case, -2)
    visit(case, 3)
    WorkItem.objects.all().delete()
    assert work.differences()["missing"]
    out = io.StringIO()
    call_command("rebuild_work_items", stdout=out)
    assert "3 open work items written" in out.getvalue()  # assessment, service, visit
    assert work.differences() == {"missing": set(), "extra": set()}
    call_command("rebuild_work_items", "--check", stdout=out)


def test_check_reports_items_out_of_step(make_case, worker):
    case = make_case(worker)
    WorkItem.objects.filter(case=case).update(due_on=dt.date(2000, 1, 1))
    with pytest.raises(CommandError):
        call_command("rebuild_work_items", "--check", stdout=io.StringIO())
    work.sync([case.pk])
    assert work.differences() == {"missing": set(), "extra": set()}


def test_a_written_row_keeps_its_case_in_step(make_case, worker):
    case = make_case(worker)
    due = clock.today() + dt.timedelta(days=4)
    made = followup.followup_schedule(actor=worker, case=case, kind="home_visit", due_on=due)
    item = WorkItem.objects.get(kind="follow_up", row_id=made.pk)
    assert (item.owner_id, item.team_id, item.due_on, item.detail) == (
        worker.pk, case.team_id, due, "home_visit"
    )  # fmt: skip
    followup.followup_done(actor=worker, follow_up=made, done_on=clock.today(), **VISIT)
    assert not WorkItem.objects.filter(kind="follow_up", row_id=made.pk).exists()
