"""The case workflow: one explicit state machine (DESIGN: case workflow).

    registered --assessment_completed--> assessed --plan_approved--> plan_approved
    plan_approved --implementation_started--> in_implementation
    in_implementation --review_started--> under_review
    under_review --review_continued--> in_implementation   (review: continue the plan)
    under_review --plan_approved--> plan_approved          (review: revised plan approved)
    any open state --closed--> closed                      (closure approved)
    closed --reopened--> under_review

Each transition has preconditions that refuse with a message the worker can act
on. Services call `move()` inside their transaction; nothing else sets status."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.cases.models import (
    Approval,
    Assessment,
    Case,
    CasePlan,
    Closure,
    Referral,
    Transfer,
)
from hearth.core.errors import Refused

S = Case.Status
OPEN = frozenset(s for s in S if s != S.CLOSED)


def _has_completed_assessment(case: Case, assessments: list | None = None) -> str | None:
    """`assessments`: the case's live assessments when already read (the case page)."""
    if assessments is not None:
        done = any(a.status == Assessment.Status.APPROVED for a in assessments)
    else:
        done = case.assessments.filter(status=Assessment.Status.APPROVED, is_voided=False).exists()
    if not done:
        return _("Complete an assessment first (and have it approved where required).")
    return None


def _has_approved_plan(case: Case) -> str | None:
    if not case.plans.filter(status=CasePlan.Status.APPROVED, is_voided=False).exists():
        return _("The case needs an approved case plan first.")
    return None


def ready_to_close(
    case: Case, referrals: list | None = None, transfers: list | None = None
) -> str | None:
    """What stops the case from closing, approval apart: work still shared with
    others. Asked when closure is requested, and again when it is approved; the
    case page gives the case's live referrals and transfers it has already read."""
    if referrals is not None and transfers is not None:
        return _shared_work(
            sum(1 for r in referrals if r.status in Referral.ACTIVE),
            any(t.status == Transfer.Status.PENDING for t in transfers),
        )
    active = case.referrals.filter(status__in=Referral.ACTIVE, is_voided=False).count()
    return _shared_work(
        active,
        active == 0
        and case.transfers.filter(status=Transfer.Status.PENDING, is_voided=False).exists(),
    )


def _shared_work(active: int, transfer_pending: bool) -> str | None:
    if active:
        return _(
            "%(n)s referral(s) are still pending or accepted. Complete, decline or withdraw "
            "them before closing."
        ) % {"n": active}
    if transfer_pending:
        return _("A transfer is waiting for an answer; cancel it before closing.")
    return None


def _closure_approved(case: Case) -> str | None:
    # A closure approved before the case was last reopened does not close it again.
    closures = case.closures.filter(status=Closure.Status.APPROVED, is_voided=False)
    reopened = case.reopenings.filter(is_voided=False).order_by("-created_at").first()
    if reopened is not None:
        closures = closures.filter(created_at__gte=reopened.created_at)
    if not closures.exists():
        return _("The closure must be approved before the case is closed.")
    return None


def _no_pending_approval_of_plan(case: Case) -> str | None:
    if Approval.objects.filter(
        case=case, subject=Approval.Subject.CASE_PLAN, decision=Approval.Decision.PENDING
    ).exists():
        return _("A case plan is waiting for approval; wait for the decision.")
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    label: object
    checks: tuple[Callable[[Case], str | None], ...] = field(default=())


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "assessment_completed",
            frozenset({S.REGISTERED}),
            S.ASSESSED,
            gettext_lazy("Assessment completed"),
            (_has_completed_assessment,),
        ),
        Transition(
            "plan_approved",
            frozenset({S.ASSESSED, S.UNDER_REVIEW}),
            S.PLAN_APPROVED,
            gettext_lazy("Case plan approved"),
            (_has_completed_assessment, _has_approved_plan),
        ),
        Transition(
            "implementation_started",
            frozenset({S.PLAN_APPROVED}),
            S.IN_IMPLEMENTATION,
            gettext_lazy("Implementation started"),
            (_has_approved_plan,),
        ),
        Transition(
            "review_started",
            frozenset({S.IN_IMPLEMENTATION}),
            S.UNDER_REVIEW,
            gettext_lazy("Review started"),
        ),
        Transition(
            "review_continued",
            frozenset({S.UNDER_REVIEW}),
            S.IN_IMPLEMENTATION,
            gettext_lazy("Review: plan continues"),
            # A revised plan waiting for approval is the more useful thing to say.
            (_no_pending_approval_of_plan, _has_approved_plan),
        ),
        Transition(
            "closed",
            OPEN,
            S.CLOSED,
            gettext_lazy("Case closed"),
            (ready_to_close, _closure_approved),
        ),
        Transition(
            "reopened", frozenset({S.CLOSED}), S.UNDER_REVIEW, gettext_lazy("Case reopened")
        ),
    ]
}


def needs_assessment(case: Case, assessments: list | None = None) -> str | None:
    """Why a case plan cannot be started yet (D1), or None when it can."""
    return _has_completed_assessment(case, assessments)


def can_move(case: Case, name: str) -> bool:
    return case.status in TRANSITIONS[name].sources


def check(case: Case, name: str) -> Transition:
    """Raise Refused unless `name` may happen now; return the transition."""
    transition = TRANSITIONS[name]
    if case.status not in transition.sources:
        raise Refused(
            _("This cannot be done while the case is “%(status)s”.")
            % {"status": case.get_status_display()}
        )
    for precondition in transition.checks:
        problem = precondition(case)
        if problem:
            raise Refused(problem)
    return transition


def move(case: Case, name: str) -> tuple[str, str]:
    """Apply a transition to the in-memory case (the service saves it).
    Returns (from, to) for the audit event."""
    transition = check(case, name)
    before = case.status
    case.status = transition.target
    return before, transition.target


def require_open(case: Case) -> None:
    """Closed cases take no new work until reopened."""
    if not case.is_open:
        raise Refused(_("The case is closed. Reopen it first."))


def advance(*, actor, case: Case, name: str) -> Case:
    """Apply transition `name`, save the case and record the transition in the
    audit trail. Called inside the calling service's transaction."""
    from hearth.audit.services import record
    from hearth.core import writes

    before, after = move(case, name)
    writes.update(case, actor=actor)
    record(
        actor=actor,
        action="case.transition",
        target=case,
        detail={"from": before, "to": after, "transition": name},
    )
    return case


def start_implementation(*, actor, case: Case) -> None:
    """The first service, referral or visit after the plan is approved puts the
    plan into implementation (plan_approved -> in_implementation)."""
    if case.status == S.PLAN_APPROVED:
        advance(actor=actor, case=case, name="implementation_started")
