"""Demo cases at every step of case management, made through the real services
with the clock moved along, so deadlines, histories, approvals and indicators
look like a year of real work."""

import contextlib
import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.care.models import CareType
from hearth.cases.models import Approval, ProtectionConcern, ServiceType
from hearth.cases.services import (
    approvals,
    closure,
    delivery,
    followup,
    referral,
    registration,
    review,
)
from hearth.cases.services import assessment as assessing
from hearth.cases.services import plan as planning
from hearth.core import clock
from hearth.core.errors import HearthError
from hearth.registry.models import Person

# How far each demo case gets: (last step, weight).
STAGES = [("registered", 12), ("assessed", 8), ("planned", 8), ("implementing", 40),
          ("reviewed", 12), ("closed", 20)]  # fmt: skip
ANSWERS = {
    "situation": {"child_seen": True, "summary": "Reported by a teacher."},
    "safety": {"safe_now": True},
    "needs": {"immediate": "School fees, food, a safe adult at night."},
    "risks": {
        "identified": [{"risk": "neglect", "likelihood": "medium", "severity": "medium"}],
        "risk_level": "medium",
    },
    "views": {"child_consulted": True, "child_views": "Wants to stay with family."},
    "care": {"care_arrangement": "parental_care"},
    "recommendation": {"recommendation": "case_plan", "rationale": "Support at home."},
}


@contextlib.contextmanager
def at(day: dt.date, hour: int = 10):
    clock.freeze(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))))
    try:
        yield
    finally:
        clock.freeze(None)


def _approve(case, subject_id, supervisor):
    pending = approvals.pending_for(Approval.Subject.CASE_PLAN, subject_id) or (
        approvals.pending_for(Approval.Subject.ASSESSMENT, subject_id)
        or approvals.pending_for(Approval.Subject.CLOSURE, subject_id)
    )
    if pending:
        approvals.approval_decide(actor=supervisor, approval=pending, approve=True)


def build(
    supervisors: dict, partners: list, count: int = 200, seed: int = 11, progress=None
) -> int:
    """Register `count` cases for children the demo caseworkers registered.
    `supervisors` maps a team id to its supervisor; `partners` are agencies
    cases are referred to."""
    rng = random.Random(seed)
    today = clock.today()
    children = list(
        Person.objects.filter(
            date_of_birth__gt=today - dt.timedelta(days=17 * 365),
            created_by__team_id__in=list(supervisors),
        )
        .select_related("created_by", "location")
        .order_by("created_at")
    )
    rng.shuffle(children)
    concerns = list(ProtectionConcern.objects.filter(is_active=True))
    types = list(ServiceType.objects.filter(is_active=True))
    made = 0
    for child in children[:count]:
        worker = child.created_by
        supervisor = supervisors[worker.team_id]
        stage = rng.choices([s for s, _w in STAGES], [w for _s, w in STAGES])[0]
        started = today - dt.timedelta(days=rng.randint(20, 360))
        with contextlib.suppress(HearthError, ValidationError):
            _one(rng, child, worker, supervisor, stage, started, concerns, types, partners)
            made += 1
        if progress:
            progress(made, count)
    return made


def _one(rng, child, worker, supervisor, stage, day, concerns, types, partners):
    with at(day):
        case = registration.case_register(
            actor=worker,
            child=child,
            registration_date=day,
            identified_how=rng.choice(["community", "school", "family", "police", "health"]),
            concerns=[c.code for c in rng.sample(concerns, rng.choice([1, 1, 2]))],
            risk_level=rng.choices(["high", "medium", "low"], [15, 45, 40])[0],
            location=child.location,
            consent={"given": True, "given_by": "parent", "child_assent": "agrees"},
        )
    if stage == "registered":
        return
    day += dt.timedelta(days=rng.randint(1, 6))
    with at(day):
        started = assessing.assessment_start(
            actor=worker, case=case, form_code="initial_assessment"
        )
        answers = {**ANSWERS, "situation": {**ANSWERS["situation"], "assessed_on": day.isoformat()}}
        assessing.assessment_submit(actor=worker, assessment=started, answers=answers)
    if stage == "assessed" and rng.random() < 0.4:
        return  # left waiting for the supervisor's approval
    with at(day, 15):
        _approve(case, started.pk, supervisor)
    if stage == "assessed":
        return
    day += dt.timedelta(days=rng.randint(3, 14))
    with at(day):
        plan = planning.plan_start(actor=worker, case=case, summary="Keep the child safe.")
        goal = planning.goal_add(
            actor=worker,
            plan=plan,
            domain="care",
            description="The child is safe and cared for at home.",
        )
        planning.action_add(
            actor=worker,
            goal=goal,
            description="Parenting support sessions",
            responsible_user=worker,
            target_date=day + dt.timedelta(days=rng.randint(20, 90)),
        )
        plan.refresh_from_db()
        planning.plan_submit(actor=worker, plan=plan)
    with at(day, 16):
        _approve(case, plan.pk, supervisor)
    if stage == "planned":
        return
    case.refresh_from_db()
    for _n in range(rng.randint(1, 4)):
        day += dt.timedelta(days=rng.randint(2, 20))
        if day >= clock.today():
            return
        with at(day):
            service = delivery.service_add(
                actor=worker,
                case=case,
                service_type=rng.choice(types),
                due_on=day + dt.timedelta(days=rng.randint(3, 30)),
                provided_by_user=worker,
            )
            if rng.random() < 0.7 and service.due_on <= clock.today() + dt.timedelta(days=20):
                delivered = min(service.due_on, clock.today())
                with at(delivered):
                    delivery.service_deliver(actor=worker, service=service, delivered_on=delivered)
            followup.followup_log(
                actor=worker,
                case=case,
                kind="home_visit",
                done_on=day,
                contact="in_person",
                child_seen=True,
                observations="The child is well; the family is engaged.",
            )
    if partners and rng.random() < 0.3:
        partner = rng.choice(partners)
        with at(min(day, clock.today())):
            registration.consent_record(
                actor=worker, case=case, kind="sharing", given=True, given_by="parent"
            )
            offered = [
                t
                for t in types
                if partner.directory_entries.filter(service_types=t, is_active=True).exists()
            ]
            if offered:
                referral.referral_create(
                    actor=worker,
                    case=case,
                    service_type=offered[0],
                    reason="Specialised support needed.",
                    to_agency=partner,
                )
    if stage == "implementing" or day >= clock.today() - dt.timedelta(days=5):
        return
    day += dt.timedelta(days=3)
    case.refresh_from_db()
    with at(day):
        for active in case.referrals.filter(status__in=("pending", "accepted")):
            referral.referral_revoke(actor=worker, referral=active, reason="Need met locally.")
        review.review_start(actor=worker, case=case)
        review.review_record(
            actor=worker,
            case=case,
            held_on=day,
            participants="Child, mother",
            decisions="Progress is good.",
            decision="close" if stage == "closed" else "continue",
        )
    if stage == "reviewed":
        return
    with at(day):
        request = closure.closure_request(
            actor=worker,
            case=case,
            closure_date=day,
            reason="goals_met",
            goals_met=rng.choice(["yes", "yes", "partly"]),
            care_type_at_closure=CareType.objects.get(code="parental"),
            summary="Safe at home with support.",
        )
    with at(day, 17):
        _approve(case, request.pk, supervisor)


def directory(admin) -> list:
    """Each NGO lists what it offers, everywhere; returns them as referral partners."""
    from hearth.accounts.models import Agency
    from hearth.cases.services import directory as entries

    offers = {"CFI": ["mental_health", "education", "recreation"],
              "SFN": ["family_support", "cash_transfer", "livelihood"],
              "HCC": ["health", "nutrition", "shelter"]}  # fmt: skip
    partners = []
    for code, services in offers.items():
        agency = Agency.objects.get(code=code)
        entries.provider_create(
            actor=admin,
            agency=agency,
            service_types=list(ServiceType.objects.filter(code__in=services)),
        )
        partners.append(agency)
    return partners
