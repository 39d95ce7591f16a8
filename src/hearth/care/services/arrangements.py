"""Starting a care arrangement (F1) with the rules that guard a formal placement:
gatekeeping first (F2), safeguards (F3), a licensed provider (F4), a review date
(F5); and the placement's care plan note."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.care import timeframes
from hearth.care.models import (
    CareArrangement,
    CareType,
    ChangeReason,
    Facility,
    FosterCarer,
    GatekeepingDecision,
)
from hearth.care.services import safeguards
from hearth.care.services.timeline import ONE_DAY, describe, lock_child, refuse_overlap, relink
from hearth.cases.models import Case
from hearth.core import config, writes
from hearth.core.errors import Refused


def care_type_of(value) -> CareType:
    if isinstance(value, CareType):
        return value
    found = CareType.objects.filter(code=value, is_active=True).first()
    if found is None:
        raise ValidationError({"care_type": _("Choose the type of care.")})
    return found


def reasons_of(values) -> list[ChangeReason]:
    items = list(values or [])
    reasons = [r for r in items if isinstance(r, ChangeReason)]
    codes = [r for r in items if not isinstance(r, ChangeReason)]
    if codes:
        found = {r.code: r for r in ChangeReason.objects.filter(code__in=codes, is_active=True)}
        unknown = sorted(set(codes) - set(found))
        if unknown:
            raise ValidationError(
                {"reasons": _("Unknown reason: %(r)s") % {"r": ", ".join(unknown)}}
            )
        reasons += list(found.values())
    if not reasons:
        raise ValidationError({"reasons": _("Choose at least one reason for the change.")})
    return reasons


def _check_licence(provider, start: dt.date, field: str) -> None:
    """F4: no placement with a provider unlicensed on the day it starts."""
    if provider is None:
        return
    if not provider.is_active:
        raise Refused(_("%(p)s is closed or no longer active.") % {"p": provider}, field=field)
    if not provider.licensed_on(start):
        expiry = getattr(provider, "licence_expires_on", None) or getattr(
            provider, "approval_expires_on", None
        )
        if expiry:
            message = _("The licence of %(p)s expired on %(d)s. Renew it before placing a child.")
            raise Refused(message % {"p": provider, "d": formats.date_format(expiry)}, field=field)
        raise Refused(
            _("%(p)s has no valid licence on record. Record the licence before placing a child.")
            % {"p": provider},
            field=field,
        )


def qualifying_gatekeeping(child, start: dt.date, chosen=None) -> GatekeepingDecision | None:
    """A decision recommending placement, for this child, made on or before the
    start and no more than the configured number of days before it."""
    qs = GatekeepingDecision.objects.filter(
        child=child,
        is_voided=False,
        decision=GatekeepingDecision.Decision.PLACE,
        decided_on__lte=start,
        decided_on__gte=start - timeframes.gatekeeping_window(),
    )
    if chosen is not None:
        qs = qs.filter(pk=chosen.pk)
    return qs.order_by("-decided_on", "-created_at").first()


def _require_gatekeeping(child, start: dt.date, chosen) -> GatekeepingDecision:
    decision = qualifying_gatekeeping(child, start, chosen)
    if decision is not None:
        return decision
    if chosen is not None:
        raise Refused(
            _(
                "The gatekeeping decision chosen does not allow this placement: it must "
                "recommend placement and be made in the %(n)s days before it starts."
            )
            % {"n": timeframes.gatekeeping_window().days},
            field="gatekeeping",
        )
    raise Refused(
        _(
            "A formal placement needs a gatekeeping decision recommending placement, made "
            "in the %(n)s days before it starts. Record the gatekeeping decision first, or "
            "mark this as an emergency placement: gatekeeping is then due within %(h)s hours."
        )
        % {
            "n": timeframes.gatekeeping_window().days,
            "h": config.get("care.emergency_gatekeeping_hours"),
        },
        field="gatekeeping",
    )


@transaction.atomic
def arrangement_start(
    *,
    actor,
    case: Case,
    care_type,
    start_date: dt.date,
    legal_basis: str,
    decided_by: str,
    reasons=(),
    reason_text: str = "",
    is_formal: bool = False,
    is_emergency: bool = False,
    facility: Facility | None = None,
    foster_carer: FosterCarer | None = None,
    household=None,
    provider_details: str = "",
    legal_order=None,
    gatekeeping: GatekeepingDecision | None = None,
    safeguard_note: str = "",
    care_plan_note: str = "",
    end_date: dt.date | None = None,
    end_current: bool = True,
) -> CareArrangement:
    """Start a care arrangement for the case's child.

    - It may not overlap another episode of the child; with `end_current`, the
      child's open arrangement that started earlier ends the day before.
    - Residential and always-formal types are formal care, whatever was ticked.
    - A formal placement needs a gatekeeping decision recommending placement made in
      the configured days before it; an emergency placement may have it recorded
      within the configured hours after. A placement that ended before the case was
      registered is history as told by the family and needs none.
    - Its facility or foster carer must be licensed on the start day.
    - A young child in residential care, or an admission for poverty alone, is saved
      awaiting a senior's approval, which is requested at once (F3).
    """
    policy.require(actor, "care.manage", case)
    if not case.is_open:
        raise Refused(_("The case is closed. Reopen it to record a change of care."))
    care_type = care_type_of(care_type)
    reasons = reasons_of(reasons)
    is_formal = is_formal or care_type.is_always_formal
    decided_by = (decided_by or "").strip()
    if not decided_by:
        raise ValidationError({"decided_by": _("Say who decided this arrangement.")})
    child = case.child
    lock_child(child)
    history = end_date is not None and end_date < case.registration_date

    if is_formal:
        _check_licence(facility, start_date, "facility")
        _check_licence(foster_carer, start_date, "foster_carer")
    arrangement = CareArrangement(
        case=case,
        child=child,
        care_type=care_type,
        is_formal=is_formal,
        is_emergency=is_emergency and is_formal,
        facility=facility,
        foster_carer=foster_carer,
        household=household,
        provider_details=provider_details.strip(),
        start_date=start_date,
        end_date=end_date,
        legal_basis=legal_basis,
        legal_order=legal_order,
        reason_text=reason_text.strip(),
        decided_by=decided_by,
        care_plan_note=care_plan_note.strip(),
    )
    arrangement.full_clean(exclude=["reasons"])  # field problems first, before the rules
    if is_formal and not history:
        if is_emergency:
            arrangement.gatekeeping = qualifying_gatekeeping(child, start_date, gatekeeping)
        else:
            arrangement.gatekeeping = _require_gatekeeping(child, start_date, gatekeeping)
        if end_date is None:
            arrangement.next_review_on = timeframes.review_due(start_date)

    triggered = safeguards.safeguards_for(
        child=child,
        care_type=care_type,
        start_date=start_date,
        reason_codes=[r.code for r in reasons],
    )
    if triggered and not history:
        if not safeguard_note.strip():
            raise ValidationError(
                {
                    "safeguard_note": _(
                        "%(what)s needs a senior's approval: explain why this exception "
                        "is necessary."
                    )
                    % {"what": "; ".join(safeguards.labels(triggered))}
                }
            )
        arrangement.safeguard = CareArrangement.Safeguard.AWAITING
        arrangement.safeguard_reasons = triggered
        arrangement.safeguard_note = safeguard_note.strip()

    ended = _end_current(actor, child, start_date) if end_current and end_date is None else None
    refuse_overlap(child, start_date, end_date)
    writes.create(arrangement, actor=actor)
    arrangement.reasons.set(reasons)
    relink(child)
    arrangement.refresh_from_db(fields=["entered_formal_care", "followed_by"])
    record_change(
        actor=actor,
        action="care.arrangement_start",
        target=arrangement,
        before=None,
        detail={
            "reasons": sorted(r.code for r in reasons),
            "ended": str(ended.pk) if ended else None,
            "safeguards": triggered,
        },
    )
    if arrangement.safeguard == CareArrangement.Safeguard.AWAITING:
        safeguards.request_approval(actor=actor, arrangement=arrangement)
    return arrangement


def _end_current(actor, child, start: dt.date) -> CareArrangement | None:
    """End the child's open arrangement the day before `start`, when it began
    earlier; an open one beginning on or after `start` is an overlap to refuse."""
    current = (
        CareArrangement.objects.filter(child=child, is_voided=False, end_date__isnull=True)
        .select_related("care_type")
        .first()
    )
    if current is None:
        return None
    if current.start_date >= start:
        raise Refused(
            _(
                "The child's current arrangement (%(other)s) starts on or after this one. "
                "Correct the dates: the new arrangement must start after it."
            )
            % {"other": describe(current)},
            field="start_date",
        )
    before = writes.snapshot(current)
    current.end_date = start - ONE_DAY
    current.next_review_on = None
    writes.update(current, actor=actor)
    record_change(
        actor=actor,
        action="care.arrangement_end",
        target=current,
        before=before,
        detail={"because": "next arrangement"},
    )
    return current


@transaction.atomic
def arrangement_care_plan_set(
    *, actor, arrangement: CareArrangement, note: str, expected_version: int | None = None
) -> CareArrangement:
    """The placement's own care plan (F5), for when the case plan does not yet
    cover it (an emergency placement before the assessment, typically)."""
    policy.require(actor, "care.manage", arrangement.case)
    if not arrangement.case.is_open:
        raise Refused(_("The case is closed. Reopen it first."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write the placement's care plan.")})
    before = writes.snapshot(arrangement)
    arrangement.care_plan_note = note
    writes.update(arrangement, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="care.care_plan_set", target=arrangement, before=before)
    return arrangement


@transaction.atomic
def arrangement_void(*, actor, arrangement: CareArrangement, reason: str) -> CareArrangement:
    """Void an arrangement entered by mistake (with the reason); the timeline's
    derived facts are recomputed without it."""
    policy.require(actor, "care.manage", arrangement.case)
    before = writes.snapshot(arrangement)
    writes.void(arrangement, actor=actor, reason=reason)
    relink(arrangement.child)
    record_change(actor=actor, action="care.arrangement_void", target=arrangement, before=before)
    return arrangement
