"""Transfers and reassignment (E4). A transfer to another worker or agency only
moves the case when the recipient accepts: a worker accepting becomes its owner;
for an agency, one of its supervisors accepts and names the new owner. Declining
(with a reason) or cancelling leaves everything as it was. A supervisor may also
reassign a case within their own scope directly, with a reason.

Handing a case to another agency shares it, so the consent gate applies (B3). The
recipient of a pending transfer may read the case before answering (cases/access.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record, record_change
from hearth.cases import deadlines, queries, workflow
from hearth.cases import delivery_queries as q
from hearth.cases.caseload import check_caseload
from hearth.cases.models import Case, ConsentRecord, Transfer
from hearth.cases.notices import tell
from hearth.cases.services.registration import require_consent
from hearth.core import clock, writes
from hearth.core.errors import Forbidden, Refused

S = Transfer.Status


def _no_pending_transfer(case: Case) -> None:
    if case.transfers.filter(status=S.PENDING, is_voided=False).exists():
        raise Refused(_("A transfer of this case is waiting for an answer; cancel it first."))


def _recipients(transfer: Transfer) -> list:
    if transfer.to_user_id:
        return [transfer.to_user]
    return q.reassigners(transfer.to_agency)


def _requester_side(transfer: Transfer) -> list:
    return [transfer.created_by, transfer.from_user]


def _check_can_own(worker, field: str = "new_owner") -> None:
    if not worker.is_active or not worker.agency_id or not policy.has_perm(worker, "case.work"):
        raise ValidationError({field: _("%(who)s cannot hold cases.") % {"who": worker}})


@transaction.atomic
def transfer_request(
    *,
    actor,
    case: Case,
    reason: str,
    to_user=None,
    to_agency=None,
    consent_override_reason: str = "",
) -> Transfer:
    """Ask a worker (any agency) or an agency to take the case over. Nothing moves
    until they accept. Another agency needs consent to share, or an override."""
    policy.require(actor, "case.transfer", case)
    workflow.require_open(case)
    if (to_user is None) == (to_agency is None):
        raise ValidationError({"recipient": _("Transfer to one worker or to one agency.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the case is transferred.")})
    if to_user is not None:
        _check_can_own(to_user, "recipient")
        if to_user.pk == case.owner_id:
            raise ValidationError({"recipient": _("This worker already holds the case.")})
        agency = to_user.agency
    else:
        if not to_agency.is_active:
            raise ValidationError({"recipient": _("This agency is no longer active.")})
        if to_agency.pk == case.agency_id:
            raise ValidationError(
                {
                    "recipient": _(
                        "The case is already with this agency: transfer it to a worker, or "
                        "ask a supervisor to reassign it."
                    )
                }
            )
        if not q.reassigners(to_agency):
            raise ValidationError(
                {"recipient": _("Nobody at %(a)s can accept transfers yet.") % {"a": to_agency}}
            )
        agency = to_agency
    _no_pending_transfer(case)
    override = ""
    if agency.pk != case.agency_id:
        override = require_consent(case, ConsentRecord.Kind.SHARING, consent_override_reason, actor)
    transfer = Transfer(
        case=case,
        from_user=case.owner,
        to_user=to_user,
        to_agency=to_agency,
        reason=reason,
        consent_override_reason=override,
    )
    writes.create(transfer, actor=actor)
    record_change(actor=actor, action="transfer.request", target=transfer, before=None)
    if override:
        record(
            actor=actor,
            action="case.consent_override",
            target=transfer,
            detail={"consent": ConsentRecord.Kind.SHARING, "for": "transfer"},
        )
    number = case.number
    tell(
        _recipients(transfer),
        "transfer",
        lambda: _("Case %(n)s is offered to you as a transfer") % {"n": number},
        case=case,
        actor=actor,
    )
    if actor.pk != case.owner_id:
        tell(
            case.owner,
            "transfer",
            lambda: _("A transfer of your case %(n)s was requested") % {"n": number},
            case=case,
            actor=actor,
        )
    return transfer


def _check_recipient(actor, transfer: Transfer) -> None:
    if not q.is_transfer_recipient(actor, transfer):
        raise Forbidden(_("Only the recipient of the transfer can answer it."))


def _check_pending(transfer: Transfer) -> None:
    if transfer.status != S.PENDING:
        raise Refused(
            _("This transfer is no longer waiting for an answer (it is “%(s)s”).")
            % {"s": transfer.get_status_display()}
        )


def _move_case(*, actor, case: Case, new_owner, action: str, detail: dict) -> None:
    before = writes.snapshot(case)
    case.owner = new_owner
    case.team = new_owner.team
    case.agency = new_owner.agency
    writes.update(case, actor=actor)
    record_change(actor=actor, action=action, target=case, before=before, detail=detail)
    deadlines.refresh(case)


@transaction.atomic
def transfer_accept(
    *, actor, transfer: Transfer, new_owner=None, caseload_override: str = ""
) -> Transfer:
    """Accept: the case's owner, team and agency change. A worker accepting takes
    the case themself; an agency's supervisor names the worker from their agency.
    The new owner's caseload limit applies (an override needs caseload.override)."""
    _check_recipient(actor, transfer)
    _check_pending(transfer)
    case = transfer.case
    workflow.require_open(case)
    if transfer.to_user_id:
        if new_owner is not None and new_owner.pk != actor.pk:
            raise ValidationError(
                {"new_owner": _("This transfer is to you: you become the caseworker.")}
            )
        new_owner = actor
    elif new_owner is None:
        raise ValidationError({"new_owner": _("Name the worker who takes the case.")})
    elif new_owner.agency_id != transfer.to_agency_id:
        raise ValidationError(
            {"new_owner": _("Choose a worker of %(a)s.") % {"a": transfer.to_agency}}
        )
    _check_can_own(new_owner)
    check_caseload(actor=actor, worker=new_owner, override_reason=caseload_override)
    before = writes.snapshot(transfer)
    transfer.status = S.ACCEPTED
    transfer.responded_by = actor
    transfer.responded_at = clock.now()
    transfer.new_owner = new_owner
    writes.update(transfer, actor=actor)
    record_change(actor=actor, action="transfer.accept", target=transfer, before=before)
    previous = case.owner
    _move_case(
        actor=actor,
        case=case,
        new_owner=new_owner,
        action="case.transfer",
        detail={"transfer": str(transfer.pk), "from": str(previous.pk), "to": str(new_owner.pk)},
    )
    number, who = case.number, str(new_owner)
    tell(  # no link: the case may now be out of their sight
        [*_requester_side(transfer), previous],
        "transfer",
        lambda: _("Case %(n)s was transferred to %(who)s") % {"n": number, "who": who},
        actor=actor,
    )
    tell(
        new_owner,
        "assignment",
        lambda: _("Case %(n)s was assigned to you") % {"n": number},
        case=case,
        actor=actor,
    )
    return transfer


@transaction.atomic
def transfer_decline(*, actor, transfer: Transfer, reason: str) -> Transfer:
    """Decline with a reason: ownership stays as it was, and the recipient no
    longer sees the case."""
    _check_recipient(actor, transfer)
    _check_pending(transfer)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the transfer is declined.")})
    before = writes.snapshot(transfer)
    transfer.status = S.DECLINED
    transfer.decline_reason = reason
    transfer.responded_by = actor
    transfer.responded_at = clock.now()
    writes.update(transfer, actor=actor)
    record_change(actor=actor, action="transfer.decline", target=transfer, before=before)
    number, who = transfer.case.number, str(actor)
    tell(
        _requester_side(transfer),
        "transfer",
        lambda: _("%(who)s declined the transfer of case %(n)s") % {"n": number, "who": who},
        case=transfer.case,
        actor=actor,
        body=reason,
    )
    return transfer


@transaction.atomic
def transfer_cancel(*, actor, transfer: Transfer, reason: str = "") -> Transfer:
    """The requester (or a supervisor over the case) withdraws a pending transfer."""
    if transfer.created_by_id != actor.pk:
        policy.require(actor, "case.reassign", transfer.case)
    _check_pending(transfer)
    before = writes.snapshot(transfer)
    transfer.status = S.CANCELLED
    writes.update(transfer, actor=actor)
    record_change(
        actor=actor,
        action="transfer.cancel",
        target=transfer,
        before=before,
        detail={"reason": reason.strip()} if (reason or "").strip() else None,
    )
    number = transfer.case.number
    tell(
        _recipients(transfer),
        "transfer",
        lambda: _("The transfer of case %(n)s was cancelled") % {"n": number},
        actor=actor,
    )
    return transfer


@transaction.atomic
def case_reassign(
    *, actor, case: Case, new_owner, reason: str, caseload_override: str = ""
) -> Case:
    """A supervisor gives the case to another worker within their scope at once
    (E4), with a reason; audited, and both workers are told."""
    policy.require(actor, "case.reassign", case)
    workflow.require_open(case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the case is reassigned.")})
    if new_owner.pk == case.owner_id:
        raise ValidationError({"new_owner": _("This worker already holds the case.")})
    if not queries.assignable_workers(actor).filter(pk=new_owner.pk).exists():
        raise Refused(
            _("You can only reassign cases to workers you supervise; transfer it instead.")
        )
    _check_can_own(new_owner)
    _no_pending_transfer(case)
    check_caseload(actor=actor, worker=new_owner, override_reason=caseload_override)
    previous = case.owner
    _move_case(
        actor=actor,
        case=case,
        new_owner=new_owner,
        action="case.reassign",
        detail={"reason": reason, "from": str(previous.pk), "to": str(new_owner.pk)},
    )
    number = case.number
    tell(
        new_owner,
        "assignment",
        lambda: _("Case %(n)s was assigned to you") % {"n": number},
        case=case,
        actor=actor,
        body=reason,
    )
    tell(
        previous,
        "assignment",
        lambda: _("Case %(n)s was reassigned to %(who)s") % {"n": number, "who": new_owner},
        actor=actor,
        body=reason,
    )
    return case
