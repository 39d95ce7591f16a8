"""What the care routers share: looking up records named by id in a payload, the
same way the pages do (through the access policy), and output shapes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.care.models import CareArrangement
from hearth.core.api import masked_fields


def one(user, model, pk, permission: str, field: str, queryset=None):
    """The row `pk` of `model` the user may use `permission` on, or a 422 naming
    the field (an unknown and an invisible id read the same)."""
    if pk is None:
        return None
    found = policy.visible(user, model, permission, queryset).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("Unknown or not available to you.")]})
    return found


def arrangement_out(user, a: CareArrangement) -> dict:
    return {
        "id": a.pk,
        "version": a.version,
        "case": a.case_id,
        "child": a.child_id,
        "care_type": a.care_type.code,
        "setting": a.care_type.setting,
        "is_formal": a.is_formal,
        "is_emergency": a.is_emergency,
        "facility": a.facility_id,
        "foster_carer": a.foster_carer_id,
        "household": a.household_id,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "legal_basis": a.legal_basis,
        "legal_order": a.legal_order_id,
        "reasons": [r.code for r in a.reasons.all()],
        "decided_by": a.decided_by,
        "gatekeeping": a.gatekeeping_id,
        "safeguard": a.safeguard,
        "safeguard_reasons": a.safeguard_reasons,
        "next_review_on": a.next_review_on,
        "entered_formal_care": a.entered_formal_care,
        **masked_fields(
            user, a, ["provider_details", "reason_text", "safeguard_note", "care_plan_note"]
        ),
    }
