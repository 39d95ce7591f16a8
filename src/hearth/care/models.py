"""Appropriate care. The care-type taxonomy lives here; the care arrangement
timeline, gatekeeping, facilities and reviews build on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CareType(models.Model):
    """A kind of care arrangement (F1). Configuration: deployments rename, add or
    retire types; the flags drive rules and indicators."""

    class Setting(models.TextChoices):
        PARENTAL = "parental", _("Parental care")
        FAMILY_BASED = "family_based", _("Family-based alternative care")
        RESIDENTIAL = "residential", _("Residential care")
        INDEPENDENT = "independent", _("Independent living")
        PERMANENT = "permanent", _("Permanent family (adoption)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    setting = models.CharField(_("setting"), max_length=20, choices=Setting)
    # Residential care is always formal; other types may be either.
    always_formal = models.BooleanField(_("always formal"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("care type")
        verbose_name_plural = _("care types")

    def __str__(self):
        return self.name

    @property
    def is_residential(self) -> bool:
        return self.setting == self.Setting.RESIDENTIAL

    @property
    def is_family_based(self) -> bool:
        return self.setting in (
            self.Setting.PARENTAL,
            self.Setting.FAMILY_BASED,
            self.Setting.PERMANENT,
        )
