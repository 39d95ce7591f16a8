"""The taxonomies of appropriate care: kinds of care arrangement and the reasons a
child's care changes. Both are configuration that deployments rename and extend."""

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

    class Provider(models.TextChoices):
        FACILITY = "facility", _("A registered care facility")
        FOSTER_CARER = "foster_carer", _("An approved foster carer")
        HOUSEHOLD = "household", _("A household")
        ANY = "any", _("Any, or none recorded")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    setting = models.CharField(_("setting"), max_length=20, choices=Setting)
    # Residential care is always formal; other types may be either.
    always_formal = models.BooleanField(_("always formal"), default=False)
    # Who provides this kind of care: a residential placement is in a registered
    # facility, foster care with an approved carer.
    provider = models.CharField(
        _("provided by"), max_length=15, choices=Provider, default=Provider.ANY
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    FAMILY_SETTINGS = (Setting.PARENTAL, Setting.FAMILY_BASED, Setting.PERMANENT)

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
        return self.setting in self.FAMILY_SETTINGS

    @property
    def is_always_formal(self) -> bool:
        return self.always_formal or self.is_residential


class ChangeReason(models.Model):
    """Why a child's care arrangement begins or changes (F1). Configuration; the
    code `poverty` is what the poverty-alone safeguard (F3) looks for."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    POVERTY = "poverty"

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("reason for a change of care")
        verbose_name_plural = _("reasons for a change of care")

    def __str__(self):
        return self.name
