"""The manager dashboard's figures kept as data: the indicator engine's own
results for every area node (and the whole country) and every period a viewer
can pick, refreshed by a periodic job (reports/dashboards/figures.py). They are
numbers over areas only - no case, child or person is named in them - and are
read only for viewers whose reporting scope is exactly one area node or the
whole country."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardRefresh(models.Model):
    """One rebuild of the whole set of figures. The page says "figures as of"
    the start of the latest finished one."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RUNNING)
    figures = models.PositiveIntegerField(_("figures"), default=0)
    # The period codes the set covers (202611, 2026Q4, 2026...).
    periods = models.JSONField(_("periods"), default=list, blank=True)
    # The deepest level that had areas: a breakdown by any deeper level is kept
    # once, as level depth + 1 (every such level gives the same rows).
    depth = models.PositiveSmallIntegerField(_("deepest level"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("dashboard figures refresh")
        verbose_name_plural = _("dashboard figures refreshes")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"


class DashboardFigure(models.Model):
    """One engine `Row` of one indicator for one period and one area node.

    level = 0: the node's own figure (what `compute` gives with the node as a
    filter); `counted` says whether the engine's breakdown by the node's level had
    a group for it (a table by area lists only those).
    level = L > 0: a row of the node's breakdown by area at level L for its rows
    that have no area at that level: key "" (recorded at a level above L) or None
    (no area at all; only under the whole country)."""

    period = models.CharField(max_length=12)
    indicator = models.CharField(max_length=80)
    depth = models.PositiveSmallIntegerField()  # of the node; 0 is the whole country
    area = models.CharField(max_length=40, blank=True)  # the node's code; "" the country
    path = models.CharField(max_length=500, blank=True)  # the node's path; "" the country
    level = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=40, null=True, blank=True)
    counted = models.BooleanField(default=True)
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["depth", "period", "path"], name="dashboardfigure_node"),
        ]
        verbose_name = _("dashboard figure")
        verbose_name_plural = _("dashboard figures")

    def __str__(self):
        return f"{self.indicator} {self.period} {self.area or '-'}"
