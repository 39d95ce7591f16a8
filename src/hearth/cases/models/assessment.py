"""Assessments (C2, C3): answers to a configurable form, validated against the form
version they were made with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case, CaseChild
from hearth.core.models import HearthModel


class Assessment(CaseChild, HearthModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Completed")
        RETURNED = "returned", _("Returned for changes")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    form_version = models.ForeignKey(
        "forms.FormVersion", verbose_name=_("form"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    assessed_on = models.DateField(_("assessment date"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        # Indicators select the period's completed assessments by this timestamp.
        indexes = [models.Index(fields=["completed_at"], name="assessment_completed_at")]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.form_version.definition.name} ({self.get_status_display()})"
