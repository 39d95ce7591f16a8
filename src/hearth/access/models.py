from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldSensitivity(models.Model):
    """An administrator's override of how sensitive a field is (B5). Defaults are
    declared in code beside each model (access.sensitivity.declare)."""

    model_label = models.CharField(_("record type"), max_length=64)
    field = models.CharField(_("field"), max_length=64)
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model_label", "field"], name="sensitivity_unique")
        ]
        verbose_name = _("field sensitivity")
        verbose_name_plural = _("field sensitivities")

    def __str__(self):
        return f"{self.model_label}.{self.field} = {self.level}"
