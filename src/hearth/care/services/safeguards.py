"""Safeguards (F3): placing a young child in residential care, or admitting a
child for poverty alone, needs a senior's approval with reasons.

The placement is saved, marked "awaiting senior approval", and the approval is
asked for at once (docs/decisions/care-safeguards-save-pending.md: the record
must say where the child is tonight; blocking it would not keep the child safe,
only out of the record). A senior with care.approve_exception approves, or does
not approve with a comment; either way the placement shows on the exceptions
report until it is approved or has ended."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.audit.services import record_change
from hearth.care.models import CareArrangement, ChangeReason
from hearth.cases.models import Approval
from hearth.cases.services import approvals
from hearth.core import config, writes
from hearth.core.errors import Refused
from hearth.registry.models import age_on

UNDER_AGE = "under_age_residential"
POVERTY_ONLY = "poverty_only"
SUBJECT = Approval.Subject.SAFEGUARD

LABELS = {
    UNDER_AGE: gettext_lazy("A young child placed in residential care"),
    POVERTY_ONLY: gettext_lazy("Admitted for poverty alone"),
}


def safeguards_for(*, child, care_type, start_date, reason_codes) -> list[str]:
    """Which safeguards a placement triggers (empty when none)."""
    found = []
    age = age_on(child.date_of_birth, start_date)
    limit = int(config.get("care.safeguard_age"))
    if care_type.is_residential and age is not None and age < limit:
        found.append(UNDER_AGE)
    if set(reason_codes) == {ChangeReason.POVERTY}:
        found.append(POVERTY_ONLY)
    return found


def labels(codes) -> list[str]:
    return [str(LABELS.get(code, code)) for code in codes or []]


def request_approval(*, actor, arrangement: CareArrangement) -> Approval:
    """Called by arrangement_start inside its transaction."""
    age = int(config.get("care.safeguard_age"))
    what = "; ".join(labels(arrangement.safeguard_reasons))
    note = _("%(what)s (children under %(age)s). Reason given: %(why)s") % {
        "what": what,
        "age": age,
        "why": arrangement.safeguard_note,
    }
    return approvals.approval_request(
        actor=actor, case=arrangement.case, subject=SUBJECT, subject_id=arrangement.pk, note=note
    )


def pending_approval(arrangement: CareArrangement) -> Approval | None:
    return approvals.pending_for(SUBJECT, arrangement.pk)


@transaction.atomic
def safeguard_decide(
    *, actor, arrangement: CareArrangement, approve: bool, comment: str = ""
) -> Approval:
    """A senior's decision on a placement awaiting approval. The rules of approval
    apply: never one's own request, a comment to refuse, care.approve_exception on
    the case (checked by approval_decide through the registered subject)."""
    approval = pending_approval(arrangement)
    if approval is None:
        raise Refused(_("This placement is not waiting for a senior's approval."))
    return approvals.approval_decide(
        actor=actor, approval=approval, approve=approve, comment=comment
    )


def _load(pk) -> CareArrangement:
    return CareArrangement.objects.select_related("case", "care_type").get(pk=pk)


def _decided(state: str):
    def apply(actor, arrangement: CareArrangement, approval: Approval) -> None:
        before = writes.snapshot(arrangement)
        arrangement.safeguard = state
        writes.update(arrangement, actor=actor)
        record_change(
            actor=actor,
            action="care.safeguard_decide",
            target=arrangement,
            before=before,
            detail={"approval": str(approval.pk), "reasons": arrangement.safeguard_reasons},
        )

    return apply


approvals.register_subject(
    SUBJECT,
    approvals.Subject(
        load=_load,
        on_approved=_decided(CareArrangement.Safeguard.APPROVED),
        on_returned=_decided(CareArrangement.Safeguard.REFUSED),
        permission="care.approve_exception",
    ),
)
