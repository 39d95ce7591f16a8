"""The case plan (D1): goals, each with actions, who is responsible, and when."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case, CaseChild
from hearth.core.models import HearthModel


class CasePlan(CaseChild, HearthModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        SUPERSEDED = "superseded", _("Replaced by a later plan")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    number = models.PositiveSmallIntegerField(_("plan number"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_number_unique_in_case")
        ]
        indexes = [
            # Open plan actions count only under an approved plan: each action's plan
            # is looked up by id for its status, from this index alone (no plan rows).
            models.Index(fields=["id", "status"], name="plan_status_by_id"),
            # Indicators select the period's approved plans by this timestamp.
            models.Index(fields=["approved_at"], name="plan_approved_at"),
        ]
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")

    def __str__(self):
        return f"{self.case} plan {self.number}"


class Goal(CaseChild, HearthModel):
    class Domain(models.TextChoices):
        SAFETY = "safety", _("Safety and protection")
        CARE = "care", _("Family and care")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial wellbeing")
        LEGAL = "legal", _("Legal and documentation")
        LIVELIHOOD = "livelihood", _("Economic support")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        OPEN = "open", _("In progress")
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="goals")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(_("area of need"), max_length=15, choices=Domain)
    description = models.TextField(_("goal"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, default=Outcome.OPEN)

    class Meta:
        ordering = ["created_at"]
        # Each open action's goal is looked up by id (live? which plan?): from this
        # index alone, no goal rows.
        indexes = [models.Index(fields=["id", "is_voided", "plan"], name="goal_live_by_id")]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.description[:80]


class PlanAction(CaseChild, HearthModel):
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="actions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("action"))
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_other = models.CharField(
        _("other responsible person"),
        max_length=150,
        blank=True,
        help_text=_("The child, a caregiver, a teacher…"),
    )
    target_date = models.DateField(_("target date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["target_date"]
        # The open actions only (task lists, team counts): a read of the index
        # alone (the condition's columns repeated for SQLite: see Service).
        indexes = [
            models.Index(
                fields=["case", "target_date", "goal", "id", "done_on", "is_voided"],
                name="planaction_open_due",
                condition=Q(done_on__isnull=True, is_voided=False),
            )
        ]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.description[:80]

    def clean(self):
        if not (
            self.responsible_user_id or self.responsible_agency_id or self.responsible_other.strip()
        ):
            raise ValidationError(_("Say who is responsible for this action."))
