"""Supervisor approval (C4): a request, then approve or return with a comment,
visible to both. One model for every subject: assessments, case plans, closures,
and whatever else a deployment makes approvable (care safeguards)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case, CaseChild
from hearth.core.models import HearthModel


class Approval(CaseChild, HearthModel):
    class Subject(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment")
        CASE_PLAN = "case_plan", _("Case plan")
        CLOSURE = "closure", _("Closure")
        SAFEGUARD = "safeguard", _("Placement safeguard")
        CASELOAD = "caseload", _("Caseload above the maximum")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with comments")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="approvals")
    subject = models.CharField(_("what"), max_length=20, choices=Subject)
    subject_id = models.UUIDField(_("record"))
    requested_note = models.TextField(_("note to the approver"), blank=True)
    # Who is asked; empty means any supervisor whose scope covers the case.
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approvals_to_give",
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, default=Decision.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="approval_subject")]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self):
        return f"{self.get_subject_display()} · {self.get_decision_display()}"
