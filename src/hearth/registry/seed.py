"""Identifier types every installation starts with; administrators add their own."""

from django.utils.translation import gettext_lazy as _

STANDARD_IDENTIFIER_TYPES = [
    ("national_id", _("National ID"), 10),
    ("birth_registration", _("Birth registration number"), 20),
    ("refugee_id", _("Refugee ID"), 30),
    ("passport", _("Passport"), 40),
    ("agency_id", _("Agency ID"), 50),
]


def ensure_identifier_types(**kwargs) -> None:
    from hearth.registry.models import IdentifierType

    for code, name, order in STANDARD_IDENTIFIER_TYPES:
        IdentifierType.objects.get_or_create(
            code=code, defaults={"name": str(name), "sort_order": order}
        )
