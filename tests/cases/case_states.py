"""Put a case where a test of a later step starts. The earlier steps (assessment,
case plan, referrals, transfers) have their own services and tests; here the rows
they would leave behind are written directly, so these tests do not depend on them."""

from hearth.care.models import CareType
from hearth.cases import work
from hearth.cases.models import Case, CasePlan, Referral, ServiceType, Transfer
from hearth.core import clock


def _stamped(model, actor, **fields):
    return model.objects.create(created_by=actor, updated_by=actor, **fields)


def approved_plan(case, actor) -> CasePlan:
    number = case.plans.count() + 1
    return _stamped(
        CasePlan,
        actor,
        case=case,
        number=number,
        status=CasePlan.Status.APPROVED,
        approved_at=clock.now(),
    )


def put_in(case, status, actor=None, *, plan: bool = True) -> Case:
    """The case in `status`, with an approved plan unless plan=False."""
    actor = actor or case.owner
    if plan and not case.plans.filter(status=CasePlan.Status.APPROVED).exists():
        approved_plan(case, actor)
    Case.objects.filter(pk=case.pk).update(status=status)
    work.sync([case.pk])  # written past the services: keep the open work too
    case.refresh_from_db()
    return case


def referral(case, actor, to_user, status=Referral.Status.PENDING) -> Referral:
    return _stamped(
        Referral,
        actor,
        case=case,
        service_type=ServiceType.objects.get(code="health"),
        to_user=to_user,
        reason="Needs a health check",
        status=status,
    )


def pending_transfer(case, actor, to_user) -> Transfer:
    return _stamped(
        Transfer, actor, case=case, from_user=case.owner, to_user=to_user, reason="Moving"
    )


def care_type(code: str = "parental") -> CareType:
    return CareType.objects.get(code=code)
