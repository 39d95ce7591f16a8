"""Open work as data: one narrow row per thing a worker has to do on an open case
(an assessment, plan or review deadline, an open plan action, a planned service, a
follow-up not done), with the case's owner and team copied onto it.

The rows are derived, never edited by hand: `hearth.cases.work` rebuilds the rows
of a case from its source rows after every write that can change them, and can
rebuild or check them all. The task list and the team view count and page them by
one index each, instead of walking every case's services, follow-ups and actions.
"Overdue" stays a query on the due date: nothing is written when the day turns."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case


class WorkItem(models.Model):
    class Kind(models.TextChoices):
        # The first letters differ, so every collation sorts the kinds alike.
        ASSESSMENT = "assessment", _("Assessment")
        CASE_PLAN = "case_plan", _("Case plan")
        FOLLOW_UP = "follow_up", _("Follow-up")
        PLAN_ACTION = "plan_action", _("Plan action")
        REVIEW = "review", _("Case review")
        SERVICE = "service", _("Service")

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    # The row the work lives on: the case itself for its deadlines.
    row_id = models.UUIDField(_("row"))
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    due_on = models.DateField(_("due"))
    # The assessment is due at a moment, not on a day.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # What the task's title names: a service's type, a follow-up's kind.
    service_type = models.ForeignKey(
        "cases.ServiceType",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    detail = models.CharField(_("detail"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("open work item")
        verbose_name_plural = _("open work items")
        constraints = [
            models.UniqueConstraint(fields=["kind", "row_id"], name="work_item_one_per_row")
        ]
        indexes = [
            # A worker's items in due order (My tasks), and their counts by kind,
            # from the index alone: it holds every column those reads name (the
            # team and case for the access test, the row for the order).
            models.Index(
                fields=["owner", "due_on", "kind", "due_at", "team", "row_id", "case"],
                name="work_owner_due",
            ),
            # A team's overdue items by owner and kind (the team view), likewise.
            models.Index(
                fields=["team", "due_on", "owner", "kind", "due_at", "case"],
                name="work_team_due",
            ),
            models.Index(fields=["case", "kind"], name="work_case"),
        ]

    def __str__(self):
        return f"{self.kind} {self.row_id} due {self.due_on}"
