"""Child population by area, year, sex and age band: the denominator of rates per
100,000 children (H2). Imported from CSV by administrators (see care.population)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.models import HearthModel


class PopulationEstimate(HearthModel):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    area = models.ForeignKey(
        "places.Location", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex)
    age_from = models.PositiveSmallIntegerField(_("from age"))
    age_to = models.PositiveSmallIntegerField(_("to age"))
    count = models.PositiveIntegerField(_("number of children"))

    class Meta:
        ordering = ["year", "area__path", "sex", "age_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "sex", "age_from", "age_to"],
                condition=models.Q(is_voided=False),
                name="care_population_unique",
            )
        ]
        verbose_name = _("population estimate")
        verbose_name_plural = _("population estimates")

    def __str__(self):
        return f"{self.area} {self.year} {self.sex} {self.age_from}-{self.age_to}: {self.count}"

    def clean(self):
        if self.age_to is not None and self.age_from is not None and self.age_to < self.age_from:
            raise ValidationError({"age_to": _("The age band ends before it starts.")})
