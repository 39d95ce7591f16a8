"""What a new installation starts with: the care types of the UN Guidelines for the
Alternative Care of Children (F1), the reasons a child's care changes, and the
family assessment form for reintegration (F7). Created when missing after every
migrate; administrators' later changes are never overwritten."""

import json
from pathlib import Path

from django.utils.translation import gettext_lazy as _

HERE = Path(__file__).resolve().parent
FAMILY_ASSESSMENT = "reintegration_family_assessment"

STANDARD_CARE_TYPES = [
    # code, name, setting, always formal, provided by
    ("parental", _("Parental care"), "parental", False, "household"),
    ("kinship", _("Kinship care"), "family_based", False, "household"),
    ("foster", _("Foster care"), "family_based", True, "foster_carer"),
    ("other_family", _("Other family-based care"), "family_based", False, "any"),
    ("small_group_home", _("Small group home"), "residential", True, "facility"),
    ("institution", _("Institution"), "residential", True, "facility"),
    ("supervised_independent", _("Supervised independent living"), "independent", True, "any"),
    ("child_headed", _("Child-headed household"), "independent", False, "household"),
    ("pre_adoption", _("Pre-adoption"), "permanent", True, "household"),
    ("kafalah", _("Kafalah"), "family_based", True, "household"),
    ("adoption", _("Adoption"), "permanent", True, "household"),
]

STANDARD_REASONS = [
    ("abuse", _("Abuse or violence at home")),
    ("neglect", _("Neglect")),
    ("abandonment", _("Abandonment")),
    ("orphaned", _("Death of the parents or caregivers")),
    ("parents_unable", _("Parents unable to care (illness, detention, disability)")),
    ("poverty", _("Poverty or material hardship")),
    ("child_disability", _("The child's disability or health needs")),
    ("separation", _("Separated from the family (emergency, migration)")),
    ("behaviour", _("The child's behaviour or conflict with the law")),
    ("placement_breakdown", _("The previous placement broke down")),
    ("reintegration", _("Return to the family")),
    ("permanency", _("A permanent family was found")),
    ("court_decision", _("Court decision")),
    ("care_not_needed", _("Alternative care no longer needed")),
    ("other", _("Other reason")),
]


def ensure_care_types(**kwargs) -> None:
    from hearth.care.models import CareType

    for order, (code, name, setting, formal, provider) in enumerate(STANDARD_CARE_TYPES):
        CareType.objects.get_or_create(
            code=code,
            defaults={
                "name": str(name),
                "setting": setting,
                "always_formal": formal,
                "provider": provider,
                "sort_order": order * 10,
            },
        )


def ensure_reasons() -> None:
    from hearth.care.models import ChangeReason

    for order, (code, name) in enumerate(STANDARD_REASONS):
        ChangeReason.objects.get_or_create(
            code=code, defaults={"name": str(name), "sort_order": order * 10}
        )


def ensure_family_assessment_form() -> None:
    from hearth.forms.seed import ensure_form

    spec = json.loads((HERE / f"{FAMILY_ASSESSMENT}.json").read_text(encoding="utf-8"))
    ensure_form(spec)


def ensure_seed(**kwargs) -> None:
    ensure_care_types()
    ensure_reasons()
    ensure_family_assessment_form()
