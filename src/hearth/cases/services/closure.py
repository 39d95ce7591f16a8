"""Closing a case (E3) and reopening it.

Closure records the reason, whether the goals were met, the child's care
arrangement at closure, the date and a closing summary. It is refused while work
is still shared with others (referrals pending or accepted, a transfer waiting).
Where the deployment requires it (the default) a supervisor approves it first;
a returned closure leaves the case open. A closed case takes nothing new until it
is reopened with a reason, which puts it under review and tells the supervisors."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases import deadlines, workflow
from hearth.cases.models import Anonymisation, Approval, Case, Closure, Reopening
from hearth.cases.notices import tell
from hearth.cases.services.approvals import (
    Subject,
    approval_request,
    pending_for,
    register_subject,
    supervisors_of,
)
from hearth.cases.services.followup import cancel_outstanding
from hearth.core import clock, writes
from hearth.core.errors import Refused
from hearth.notify import kinds

kinds.register("case_reopened", gettext_lazy("A case of my team is reopened"))

CLOSURE_FIELDS = frozenset({"reason", "goals_met", "care_type_at_closure", "summary"})


def pending_closure(case: Case, closures: list | None = None) -> Closure | None:
    """The closure waiting for a supervisor's decision, if any. `closures`: the
    case's live closures, newest first, when already read (the case page)."""
    if closures is None:
        closures = list(case.closures.filter(status=Closure.Status.REQUESTED, is_voided=False))
    for closure in closures:
        if closure.status == Closure.Status.REQUESTED and pending_for(
            Approval.Subject.CLOSURE, closure.pk
        ):
            return closure
    return None


@transaction.atomic
def closure_request(
    *,
    actor,
    case: Case,
    closure_date: dt.date,
    note: str = "",
    approver=None,
    **fields,
) -> Closure:
    """Ask to close the case, or close it at once where no approval is required."""
    policy.require(actor, "case.close", case)
    if not case.is_open:
        raise Refused(_("The case is already closed."))
    if pending_closure(case):
        raise Refused(_("A closure of this case is already waiting for approval."))
    unknown = set(fields) - CLOSURE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if closure_date is None:
        raise ValidationError({"closure_date": _("Give the closure date.")})
    if closure_date < case.registration_date:
        raise ValidationError({"closure_date": _("This date is before the case was registered.")})
    problem = workflow.ready_to_close(case)
    if problem:
        raise Refused(problem)
    closure = Closure(
        case=case,
        closure_date=closure_date,
        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
    )
    writes.create(closure, actor=actor)
    record_change(actor=actor, action="closure.request", target=closure, before=None)
    if deadlines.approval_required("closure"):
        approval_request(
            actor=actor,
            case=case,
            subject=Approval.Subject.CLOSURE,
            subject_id=closure.pk,
            note=note,
            approver=approver,
        )
    else:
        _close(actor, closure)
    return closure


def _set_status(actor, closure: Closure, status: str) -> None:
    before = writes.snapshot(closure)
    closure.status = status
    writes.update(closure, actor=actor)
    record_change(actor=actor, action=f"closure.{status}", target=closure, before=before)


def _close(actor, closure: Closure) -> None:
    """Close the case on the closure date: no deadline stays open, and visits
    still to be done are cancelled."""
    _set_status(actor, closure, Closure.Status.APPROVED)
    case = closure.case
    case.closed_on = closure.closure_date
    case.review_due_on = None
    workflow.advance(actor=actor, case=case, name="closed")
    cancel_outstanding(actor=actor, case=case, reason=_("The case was closed."))
    deadlines.refresh(case)


def _approved(actor, closure: Closure, approval: Approval) -> None:
    _close(actor, closure)


def _returned(actor, closure: Closure, approval: Approval) -> None:
    _set_status(actor, closure, Closure.Status.RETURNED)


register_subject(
    Approval.Subject.CLOSURE,
    Subject(
        load=lambda pk: Closure.objects.select_related("case").get(pk=pk),
        on_approved=_approved,
        on_returned=_returned,
    ),
)


@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str) -> Reopening:
    """Reopen a closed case with the reason. It comes back under review, with a
    review due at the interval for its risk level, and its supervisors are told."""
    policy.require(actor, "case.close", case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    if Anonymisation.objects.filter(case=case).exists():
        # The child's details are gone; work would start on a record of no one.
        raise Refused(
            _(
                "This case was anonymised under the retention policy and cannot be "
                "reopened. Register a new case for the child."
            )
        )
    reopening = Reopening(case=case, reason=reason)
    writes.create(reopening, actor=actor)
    record_change(actor=actor, action="case.reopen", target=reopening, before=None)
    case.closed_on = None
    case.review_due_on = deadlines.review_due(case, clock.today())
    workflow.advance(actor=actor, case=case, name="reopened")
    deadlines.refresh(case)
    tell(
        supervisors_of(case),
        "case_reopened",
        lambda: _("%(who)s reopened case %(n)s") % {"who": actor, "n": case.number},
        case=case,
        actor=actor,
        body=reason,
    )
    return reopening
