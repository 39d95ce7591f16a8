"""Taxonomies every installation starts with. Created when missing; edits by
administrators are never overwritten."""

from django.utils.translation import gettext_lazy as _

PROTECTION_CONCERNS = [
    ("physical_abuse", _("Physical abuse")),
    ("sexual_abuse", _("Sexual abuse")),
    ("emotional_abuse", _("Emotional abuse")),
    ("neglect", _("Neglect")),
    ("child_labour", _("Child labour")),
    ("sexual_exploitation", _("Sexual exploitation")),
    ("trafficking", _("Trafficking")),
    ("child_marriage", _("Child marriage")),
    ("unaccompanied", _("Unaccompanied child")),
    ("separated", _("Separated child")),
    ("armed_forces", _("Associated with armed forces or groups")),
    ("conflict_with_law", _("Child in conflict with the law")),
    ("without_care", _("Child without appropriate care")),
    ("street_connected", _("Child in street situations")),
    ("disability_risk", _("Child with disability at risk")),
    ("harmful_practices", _("Harmful traditional practices")),
    ("online_abuse", _("Online abuse or exploitation")),
    ("other", _("Other protection concern")),
]

SERVICE_TYPES = [
    ("health", _("Health care"), _("Health")),
    ("mental_health", _("Mental health and psychosocial support"), _("Health")),
    ("education", _("Education support"), _("Education")),
    ("legal_aid", _("Legal aid"), _("Legal")),
    ("birth_registration", _("Birth registration and documents"), _("Legal")),
    ("family_support", _("Family strengthening and parenting support"), _("Family")),
    ("cash_transfer", _("Cash or material support"), _("Economic")),
    ("shelter", _("Safe shelter"), _("Safety")),
    ("tracing", _("Family tracing and reunification"), _("Family")),
    ("alternative_care", _("Alternative care placement"), _("Care")),
    ("gbv_response", _("Sexual and gender-based violence response"), _("Safety")),
    ("livelihood", _("Livelihood and vocational training"), _("Economic")),
    ("nutrition", _("Nutrition"), _("Health")),
    ("recreation", _("Recreation and life skills"), _("Psychosocial")),
]


def ensure_taxonomies(**kwargs) -> None:
    from hearth.cases.models import ProtectionConcern, ServiceType

    for order, (code, name) in enumerate(PROTECTION_CONCERNS):
        ProtectionConcern.objects.get_or_create(
            code=code, defaults={"name": str(name), "sort_order": order * 10}
        )
    for order, (code, name, category) in enumerate(SERVICE_TYPES):
        ServiceType.objects.get_or_create(
            code=code,
            defaults={"name": str(name), "category": str(category), "sort_order": order * 10},
        )
