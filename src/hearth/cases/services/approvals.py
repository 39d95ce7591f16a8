"""Supervisor approval (C4): request, then approve or return with a comment.

Each kind of subject (assessment, case plan, closure, care safeguard...) registers
what approval and return do to it; the flow itself is the same for all. The
person who asked never decides their own request."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases.models import Approval, Case
from hearth.cases.notices import tell
from hearth.core import clock, writes
from hearth.core.errors import Refused


@dataclass(frozen=True)
class Subject:
    load: Callable  # subject_id -> the record
    on_approved: Callable  # (actor, record, approval) -> None
    on_returned: Callable  # (actor, record, approval) -> None
    # Who may decide, checked on the case: a care safeguard needs a senior's approval.
    permission: str = "case.approve"


_subjects: dict[str, Subject] = {}


def register_subject(kind: str, subject: Subject) -> None:
    _subjects[kind] = subject


def supervisors_of(case: Case, permission: str = "case.approve") -> list:
    """Who can approve for this case: supervisors of its team, else of its agency."""
    users = get_user_model().objects.filter(is_active=True)
    with_approve = [
        u
        for u in users.filter(
            Q(team=case.team) if case.team_id else Q(agency=case.agency)
        ).prefetch_related("roles")
        if policy.has_perm(u, permission)
    ]
    if not with_approve and case.team_id:
        with_approve = [
            u
            for u in users.filter(agency=case.agency).prefetch_related("roles")
            if policy.has_perm(u, permission)
        ]
    return with_approve


def pending_for(subject: str, subject_id) -> Approval | None:
    return Approval.objects.filter(
        subject=subject, subject_id=subject_id, decision=Approval.Decision.PENDING
    ).first()


def approval_request(
    *, actor, case: Case, subject: str, subject_id, note: str = "", approver=None
) -> Approval:
    """Ask for approval. Called by the service of the subject, inside its transaction."""
    if pending_for(subject, subject_id):
        raise Refused(_("This is already waiting for approval."))
    approval = Approval(
        case=case, subject=subject, subject_id=subject_id, requested_note=note, approver=approver
    )
    writes.create(approval, actor=actor)
    record_change(actor=actor, action="approval.request", target=approval, before=None)
    label = Approval.Subject(subject).label  # lazy: read in each recipient's language
    permission = _subjects[subject].permission if subject in _subjects else "case.approve"
    tell(
        [approver] if approver else supervisors_of(case, permission),
        "approval_requested",
        lambda: (
            _("%(what)s for case %(n)s is waiting for your approval")
            % {"what": label, "n": case.number}
        ),
        case=case,
        actor=actor,
    )
    return approval


@transaction.atomic
def approval_decide(
    *,
    actor,
    approval: Approval,
    approve: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> Approval:
    """Approve, or return with a comment saying what to change. Both the worker and
    the supervisor see the decision and comment."""
    subject = _subjects[approval.subject]
    policy.require(actor, subject.permission, approval.case)
    if approval.decision != Approval.Decision.PENDING:
        raise Refused(_("This request has already been decided."))
    if approval.created_by_id == actor.pk:
        raise Refused(_("You cannot approve your own request; another supervisor must."))
    if (
        approval.approver_id
        and approval.approver_id != actor.pk
        and not policy.has_perm(actor, "case.reassign")
    ):
        raise Refused(_("This request was sent to %(who)s.") % {"who": approval.approver})
    comment = (comment or "").strip()
    if not approve and not comment:
        raise Refused(_("Say what needs to change when returning a request."))
    before = writes.snapshot(approval)
    approval.decision = Approval.Decision.APPROVED if approve else Approval.Decision.RETURNED
    approval.decided_by = actor
    approval.decided_at = clock.now()
    approval.comment = comment
    writes.update(approval, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="approval.decide", target=approval, before=before)
    target = subject.load(approval.subject_id)
    (subject.on_approved if approve else subject.on_returned)(actor, target, approval)
    requester = approval.created_by
    label = Approval.Subject(approval.subject).label
    decision = Approval.Decision(approval.decision).label
    tell(
        requester,
        "approval_decided",
        lambda: (
            _("%(what)s for case %(n)s: %(decision)s")
            % {"what": label, "n": approval.case.number, "decision": decision}
        ),
        case=approval.case,
        actor=actor,
        body=comment,
    )
    return approval


def approval_withdraw(*, actor, approval: Approval) -> Approval:
    """The requester withdraws a pending request (e.g. to edit the draft again)."""
    if approval.decision != Approval.Decision.PENDING:
        raise Refused(_("This request has already been decided."))
    before = writes.snapshot(approval)
    approval.decision = Approval.Decision.WITHDRAWN
    approval.decided_by = actor
    approval.decided_at = clock.now()
    writes.update(approval, actor=actor)
    record_change(actor=actor, action="approval.withdraw", target=approval, before=before)
    return approval
