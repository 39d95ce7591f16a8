"""Random sequences of casework actions, by random people, through the real
services, never leave a case in an invalid state (hypothesis state machine).

Any refusal a person can cause (Refused, Forbidden, NotFound, ValidationError,
Conflict) is a fine answer; any other error, or an invariant broken after a step,
fails the test."""

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from hearth.access import policy
from hearth.care.models import CareType
from hearth.cases.models import (
    Approval,
    Assessment,
    Case,
    CasePlan,
    Closure,
    Referral,
    ServiceType,
    Transfer,
)
from hearth.cases.services import (
    approvals,
    closure,
    delivery,
    referral,
    registration,
    review,
    transfer,
)
from hearth.cases.services import assessment as assessing
from hearth.cases.services import plan as planning
from hearth.core import clock
from hearth.core.errors import HearthError
from tests.cases.planning import initial_answers

REFUSALS = (HearthError, ValidationError)
S = Case.Status


def attempt(action):
    with contextlib.suppress(REFUSALS):
        action()


class CaseworkMachine(RuleBasedStateMachine):
    """One case per run; the people are the suite's fixed test people."""

    people: dict = {}

    def __init__(self):
        super().__init__()
        p = self.people
        self.case = p["make_case"](p["worker"])
        registration.consent_record(
            actor=p["worker"], case=self.case, kind="sharing", given=True, given_by="parent"
        )

    def fresh(self) -> Case:
        return Case.objects.get(pk=self.case.pk)

    def actor(self, name):
        return self.people[name]

    # --- assessment and plan ---------------------------------------------------------

    @rule(who=st.sampled_from(["worker", "supervisor", "worker_elsewhere"]))
    def assess(self, who):
        def go():
            started = assessing.assessment_start(
                actor=self.actor(who), case=self.fresh(), form_code="initial_assessment"
            )
            assessing.assessment_submit(
                actor=self.actor(who), assessment=started, answers=initial_answers()
            )

        attempt(go)

    @rule(who=st.sampled_from(["worker", "supervisor"]))
    def plan(self, who):
        def go():
            plan = planning.plan_start(actor=self.actor(who), case=self.fresh(), summary="Plan")
            goal = planning.goal_add(
                actor=self.actor(who), plan=plan, domain="care", description="Safe at home"
            )
            planning.action_add(
                actor=self.actor(who),
                goal=goal,
                description="Visit",
                responsible_user=self.actor("worker"),
                target_date=clock.today() + dt.timedelta(days=7),
            )
            plan.refresh_from_db()
            planning.plan_submit(actor=self.actor(who), plan=plan)

        attempt(go)

    @rule(who=st.sampled_from(["worker", "supervisor", "manager"]), approve=st.booleans())
    def decide(self, who, approve):
        pending = Approval.objects.filter(
            case=self.case, decision=Approval.Decision.PENDING
        ).first()
        if pending is not None:
            attempt(
                lambda: approvals.approval_decide(
                    actor=self.actor(who),
                    approval=pending,
                    approve=approve,
                    comment="" if approve else "Please say more about the family.",
                )
            )

    # --- implementation ----------------------------------------------------------------

    @rule()
    def add_service(self):
        attempt(
            lambda: delivery.service_add(
                actor=self.actor("worker"),
                case=self.fresh(),
                service_type=ServiceType.objects.get(code="family_support"),
                due_on=clock.today() + dt.timedelta(days=5),
                provided_by_user=self.actor("worker"),
            )
        )

    @rule(to_ngo_worker=st.booleans())
    def refer(self, to_ngo_worker):
        p = self.people
        target = {"to_user": p["ngo_worker"]} if to_ngo_worker else {"to_agency": p["ngo"]}
        attempt(
            lambda: referral.referral_create(
                actor=p["worker"],
                case=self.fresh(),
                service_type=ServiceType.objects.get(code="mental_health"),
                reason="Needs counselling",
                **target,
            )
        )

    @rule(
        step=st.sampled_from(["accept", "decline", "complete", "revoke"]),
        who=st.sampled_from(["ngo_worker", "worker", "worker_elsewhere"]),
    )
    def answer_referral(self, step, who):
        found = Referral.objects.filter(case=self.case, status__in=Referral.ACTIVE).first()
        if found is None:
            return
        actor = self.actor(who)
        action = {
            "accept": lambda: referral.referral_accept(actor=actor, referral=found),
            "decline": lambda: referral.referral_decline(
                actor=actor, referral=found, reason="No space"
            ),
            "complete": lambda: referral.referral_complete(
                actor=actor, referral=found, feedback="Seen four times"
            ),
            "revoke": lambda: referral.referral_revoke(
                actor=actor, referral=found, reason="Not needed"
            ),
        }[step]
        attempt(action)

    @rule(step=st.sampled_from(["request", "accept", "decline", "cancel"]))
    def transfer_step(self, step):
        p = self.people
        pending = Transfer.objects.filter(case=self.case, status=Transfer.Status.PENDING).first()
        if step == "request":
            attempt(
                lambda: transfer.transfer_request(
                    actor=self.fresh().owner,
                    case=self.fresh(),
                    reason="Moving house",
                    to_user=p["worker2"],
                )
            )
        elif pending is not None:
            recipient = pending.to_user
            attempt(
                {
                    "accept": lambda: transfer.transfer_accept(actor=recipient, transfer=pending),
                    "decline": lambda: transfer.transfer_decline(
                        actor=recipient, transfer=pending, reason="Full caseload"
                    ),
                    "cancel": lambda: transfer.transfer_cancel(
                        actor=pending.from_user, transfer=pending, reason="Stayed"
                    ),
                }[step]
            )

    # --- review, closure, reopening --------------------------------------------------------

    @rule(continue_plan=st.booleans())
    def review(self, continue_plan):
        owner = self.fresh().owner
        attempt(lambda: review.review_start(actor=owner, case=self.fresh()))
        attempt(
            lambda: review.review_record(
                actor=owner,
                case=self.fresh(),
                held_on=clock.today(),
                participants="Family",
                decisions="Carry on" if continue_plan else "Prepare closure",
                decision="continue" if continue_plan else "close",
            )
        )

    @rule()
    def request_closure(self):
        case = self.fresh()
        attempt(
            lambda: closure.closure_request(
                actor=case.owner,
                case=case,
                closure_date=clock.today(),
                reason="goals_met",
                goals_met="yes",
                care_type_at_closure=CareType.objects.get(code="parental"),
                summary="Safe with family",
            )
        )

    @rule()
    def reopen(self):
        case = self.fresh()
        attempt(
            lambda: closure.case_reopen(actor=case.owner, case=case, reason="New concerns reported")
        )

    # --- what must always hold ---------------------------------------------------------------

    @invariant()
    def states_follow_their_preconditions(self):
        case = self.fresh()
        assessed = case.assessments.filter(status=Assessment.Status.APPROVED).exists()
        approved_plans = case.plans.filter(status=CasePlan.Status.APPROVED).count()
        assert case.status in S.values
        if case.status != S.REGISTERED:
            assert assessed or case.reopenings.exists() or case.closures.exists(), case.status
        if case.status in (S.PLAN_APPROVED, S.IN_IMPLEMENTATION):
            assert approved_plans == 1
        assert approved_plans <= 1
        if approved_plans:
            assert assessed
        assert case.agency_id == case.owner.agency_id
        assert case.team_id == case.owner.team_id

    @invariant()
    def closed_cases_leave_nothing_unaccounted(self):
        case = self.fresh()
        active = case.referrals.filter(status__in=Referral.ACTIVE).count()
        pending_transfers = case.transfers.filter(status=Transfer.Status.PENDING).count()
        if case.status == S.CLOSED:
            assert active == 0 and pending_transfers == 0
            assert case.closed_on is not None
            assert case.closures.filter(status=Closure.Status.APPROVED).exists()
        else:
            assert case.closed_on is None
        assert (
            case.approvals.filter(decision=Approval.Decision.PENDING, subject="closure").count()
            <= 1
        )

    @invariant()
    def only_those_entitled_see_the_case(self):
        case = self.fresh()
        p = self.people
        assert not policy.can(p["worker_elsewhere"], "case.view", case)
        to_ngo = case.referrals.filter(status__in=Referral.ACTIVE, to_user=p["ngo_worker"])
        to_agency = case.referrals.filter(status__in=Referral.ACTIVE, to_agency=p["ngo"])
        ngo_sees = policy.can(p["ngo_worker"], "case.view", case)
        assert ngo_sees == (to_ngo.exists() or to_agency.exists())


@pytest.mark.django_db
def test_random_casework_never_reaches_an_invalid_state(machine_people):
    CaseworkMachine.people = machine_people
    run_state_machine_as_test(
        CaseworkMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
