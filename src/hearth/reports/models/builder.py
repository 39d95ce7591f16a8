"""Saved reports (H4): what to compute, never the numbers. A saved report is run
for whoever opens it, from what that person may see, so sharing it with a role
shares the question, not anyone's counts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.models import HearthModel


class SavedReport(HearthModel):
    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    class Schedule(models.TextChoices):
        NONE = "none", _("Not scheduled")
        MONTHLY = "monthly", _("Every month")

    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    indicator = models.CharField(_("measure"), max_length=80)
    rows = models.CharField(_("rows"), max_length=40, blank=True)
    columns = models.CharField(_("columns"), max_length=40, blank=True)
    # {dimension: value}, e.g. {"sex": "female", "area_1": "N"}
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    period_kind = models.CharField(
        _("kind of period"), max_length=10, choices=PeriodKind, default=PeriodKind.MONTH
    )
    # A fixed period (202610, 2026Q3, 2026); empty means "the last complete period".
    period = models.CharField(_("period"), max_length=12, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="saved_reports",
    )
    shared_with = models.ManyToManyField(
        "accounts.Role", verbose_name=_("shared with roles"), related_name="+", blank=True
    )
    schedule = models.CharField(
        _("schedule"), max_length=10, choices=Schedule, default=Schedule.NONE
    )
    # Up to 28, so every month has the day.
    schedule_day = models.PositiveSmallIntegerField(_("day of the month"), default=1)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_run_period = models.CharField(_("period of the last run"), max_length=12, blank=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["schedule", "is_voided"], name="savedreport_schedule")]
        verbose_name = _("saved report")
        verbose_name_plural = _("saved reports")

    def __str__(self):
        return self.title

    @property
    def measure(self):
        """The indicator it computes, or None if the registry no longer has it."""
        from hearth.reports.indicators import engine

        return engine.registry().get(self.indicator)

    @property
    def audit_label(self) -> str:
        return f"report {str(self.pk)[:8]}"

    def clean(self):
        if not 1 <= (self.schedule_day or 0) <= 28:
            raise ValidationError({"schedule_day": _("Choose a day from 1 to 28.")})
        if self.schedule == self.Schedule.MONTHLY and self.period:
            raise ValidationError(
                {
                    "schedule": _(
                        "A scheduled report runs for the last complete period; "
                        "remove the fixed period first."
                    )
                }
            )
        if self.rows and self.rows == self.columns:
            raise ValidationError({"columns": _("Choose different rows and columns.")})


class ScheduledRun(models.Model):
    """One scheduled run of a saved report for one period. Unique per report and
    period, so a schedule never runs twice for the same period, whoever starts it
    (the huey job, cron, or both)."""

    report = models.ForeignKey(SavedReport, on_delete=models.PROTECT, related_name="runs")
    period = models.CharField(_("period"), max_length=12)
    ran_at = models.DateTimeField(_("ran at"))
    export = models.ForeignKey(
        "reports.ExportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(_("what went wrong"), blank=True)

    class Meta:
        ordering = ["-ran_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "period"], name="scheduledrun_once_a_period")
        ]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self):
        return f"{self.report} {self.period}"
