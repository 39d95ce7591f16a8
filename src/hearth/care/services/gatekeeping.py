"""Gatekeeping (F2): before a child enters formal care, a competent body assesses
whether care is needed at all and which care suits the child, considering
family-based options first (UN Guidelines §44-48, 57-58)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.care.models import CareArrangement, CareType, GatekeepingDecision
from hearth.cases.models import Case
from hearth.core import writes
from hearth.core.errors import Refused


def clean_options(options) -> list[dict]:
    """[{"care_type": code or CareType, "note": ""}, ...] -> stored form, in order,
    each care type once."""
    out, seen = [], set()
    codes = {
        (o["care_type"].code if isinstance(o["care_type"], CareType) else o["care_type"])
        for o in options or []
        if o.get("care_type")
    }
    known = {t.code: t for t in CareType.objects.filter(code__in=codes)}
    for option in options or []:
        value = option.get("care_type")
        if not value:
            continue
        code = value.code if isinstance(value, CareType) else str(value)
        if code not in known:
            raise ValidationError({"options": _("Unknown type of care: %(c)s") % {"c": code}})
        if code in seen:
            raise ValidationError(
                {"options": _("%(t)s is listed twice.") % {"t": known[code].name}}
            )
        seen.add(code)
        out.append({"care_type": code, "note": (option.get("note") or "").strip()})
    if not out:
        raise ValidationError({"options": _("List the options considered, in order.")})
    return out


def residential_before_family(options: list[dict]) -> bool:
    """True when residential care was considered before any family-based option."""
    types = {t.code: t for t in CareType.objects.filter(code__in=[o["care_type"] for o in options])}
    for option in options:
        care_type = types[option["care_type"]]
        if care_type.is_family_based:
            return False
        if care_type.is_residential:
            return True
    return False


@transaction.atomic
def gatekeeping_record(
    *,
    actor,
    case: Case,
    assessed_on: dt.date,
    decided_on: dt.date,
    body: str,
    options,
    decision: str,
    rationale: str,
    body_name: str = "",
    family_options_not_possible: str = "",
    recommended_care_type=None,
    child_consulted: bool = False,
    child_views: str = "",
    parents_consulted: bool = False,
    parents_views: str = "",
    legal_order=None,
) -> GatekeepingDecision:
    """Record a gatekeeping decision for the case's child.

    - Options are recorded in the order considered; residential care considered
      before any family-based option is refused unless the decision says why
      family-based care was not possible.
    - A decision to place names the recommended care, one of the options.
    - Emergency placements of the child still waiting for gatekeeping, started on
      or before the decision, are linked to it."""
    policy.require(actor, "care.manage", case)
    if not case.is_open:
        raise Refused(_("The case is closed."))
    options = clean_options(options)
    if isinstance(recommended_care_type, str):
        recommended_care_type = CareType.objects.filter(code=recommended_care_type).first()
    errors = {}
    if residential_before_family(options) and not family_options_not_possible.strip():
        errors["family_options_not_possible"] = _(
            "Residential care was considered before any family-based option. Consider "
            "family-based care first, or explain why it was not possible."
        )
    if (
        decision == GatekeepingDecision.Decision.PLACE
        and recommended_care_type is not None
        and recommended_care_type.code not in {o["care_type"] for o in options}
    ):
        errors["recommended_care_type"] = _("The recommended care must be one of the options.")
    if not (rationale or "").strip():
        errors["rationale"] = _("Explain the decision.")
    if legal_order is not None and legal_order.case_id != case.pk:
        errors["legal_order"] = _("The order must be one recorded on this case.")
    if errors:
        raise ValidationError(errors)
    decision_row = GatekeepingDecision(
        case=case,
        child=case.child,
        assessed_on=assessed_on,
        decided_on=decided_on,
        body=body,
        body_name=body_name.strip(),
        options=options,
        family_options_not_possible=family_options_not_possible.strip(),
        decision=decision,
        recommended_care_type=recommended_care_type
        if decision == GatekeepingDecision.Decision.PLACE
        else None,
        rationale=rationale.strip(),
        child_consulted=child_consulted,
        child_views=child_views.strip(),
        parents_consulted=parents_consulted,
        parents_views=parents_views.strip(),
        legal_order=legal_order,
    )
    writes.create(decision_row, actor=actor)
    record_change(actor=actor, action="care.gatekeeping_record", target=decision_row, before=None)
    _link_emergency_placements(actor, decision_row)
    return decision_row


def awaiting_gatekeeping(child):
    return CareArrangement.objects.filter(
        child=child,
        is_voided=False,
        is_formal=True,
        is_emergency=True,
        gatekeeping__isnull=True,
    )


def _link_emergency_placements(actor, decision: GatekeepingDecision) -> None:
    for arrangement in awaiting_gatekeeping(decision.child).filter(
        start_date__lte=decision.decided_on
    ):
        before = writes.snapshot(arrangement)
        arrangement.gatekeeping = decision
        writes.update(arrangement, actor=actor)
        record_change(
            actor=actor, action="care.gatekeeping_link", target=arrangement, before=before
        )
