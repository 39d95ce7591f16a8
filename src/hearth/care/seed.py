"""The care types of the UN Guidelines for the Alternative Care of Children (F1)."""

from django.utils.translation import gettext_lazy as _

STANDARD_CARE_TYPES = [
    # code, name, setting, always formal
    ("parental", _("Parental care"), "parental", False),
    ("kinship", _("Kinship care"), "family_based", False),
    ("foster", _("Foster care"), "family_based", True),
    ("other_family", _("Other family-based care"), "family_based", False),
    ("small_group_home", _("Small group home"), "residential", True),
    ("institution", _("Institution"), "residential", True),
    ("supervised_independent", _("Supervised independent living"), "independent", True),
    ("child_headed", _("Child-headed household"), "independent", False),
    ("pre_adoption", _("Pre-adoption"), "permanent", True),
    ("kafalah", _("Kafalah"), "family_based", True),
    ("adoption", _("Adoption"), "permanent", True),
]


def ensure_care_types(**kwargs) -> None:
    from hearth.care.models import CareType

    for order, (code, name, setting, formal) in enumerate(STANDARD_CARE_TYPES):
        CareType.objects.get_or_create(
            code=code,
            defaults={
                "name": str(name),
                "setting": setting,
                "always_formal": formal,
                "sort_order": order * 10,
            },
        )
