"""Closing a case (E3) and reopening it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case, CaseChild
from hearth.core import clock
from hearth.core.models import HearthModel


class Closure(CaseChild, HearthModel):
    class Reason(models.TextChoices):
        GOALS_MET = "goals_met", _("Case plan goals met")
        AGE = "age", _("The child came of age")
        MOVED = "moved", _("The child moved out of the area")
        TRANSFERRED = "transferred", _("Transferred to a service outside Hearth")
        DECLINED = "declined", _("The family declined further services")
        LOST_CONTACT = "lost_contact", _("Contact lost")
        DIED = "died", _("The child died")
        DUPLICATE = "duplicate", _("Duplicate case")
        OTHER = "other", _("Other")

    class GoalsMet(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        APPROVED = "approved", _("Closed")
        RETURNED = "returned", _("Returned")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closures")
    reason = models.CharField(_("reason"), max_length=15, choices=Reason)
    goals_met = models.CharField(_("were the goals met?"), max_length=10, choices=GoalsMet)
    care_type_at_closure = models.ForeignKey(
        "care.CareType",
        verbose_name=_("care arrangement at closure"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closure_date = models.DateField(_("closure date"))
    summary = models.TextField(_("closing summary"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.REQUESTED)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self):
        return f"{self.case}: {self.get_reason_display()}"

    def clean(self):
        if self.closure_date and self.closure_date > clock.today():
            raise ValidationError({"closure_date": _("The closure date cannot be in the future.")})


class Reopening(CaseChild, HearthModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reopenings")
    reason = models.TextField(_("reason for reopening"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")

    def __str__(self):
        return f"{self.case} reopened"
