from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldSensitivity(models.Model):
    """An administrator's override of how sensitive a field is (B5). Defaults are
    declared in code beside each model (access.sensitivity.declare)."""

    # "app.model" for a field of a record; "form:<form code>" for a form's question,
    # whose `field` is then its path ("risks.identified.severity").
    model_label = models.CharField(_("record type"), max_length=80)
    field = models.CharField(_("field"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model_label", "field"], name="sensitivity_unique")
        ]
        verbose_name = _("field sensitivity")
        verbose_name_plural = _("field sensitivities")

    def __str__(self):
        return f"{self.model_label}.{self.field} = {self.level}"
