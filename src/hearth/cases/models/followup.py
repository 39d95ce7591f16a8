"""Follow-ups and home visits (E1), case notes and supervision notes (G4), and
case reviews and conferences (E2)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case, CaseChild
from hearth.core import clock
from hearth.core.models import HearthModel


class FollowUp(CaseChild, HearthModel):
    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        FOLLOW_UP = "follow_up", _("Follow-up")
        SCHOOL_VISIT = "school_visit", _("School visit")
        PHONE = "phone", _("Phone call")
        OFFICE = "office", _("Office visit")

    class Contact(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        MESSAGE = "message", _("By message")
        NO_CONTACT = "no_contact", _("Could not make contact")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.HOME_VISIT)
    due_on = models.DateField(_("due"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=12, choices=Contact, blank=True)
    child_seen = models.BooleanField(_("the child was seen"), default=False)
    who_seen = models.CharField(_("who was seen"), max_length=200, blank=True)
    observations = models.TextField(_("observations"), blank=True)
    action_needed = models.TextField(_("action needed"), blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["case", "done_on", "due_on"], name="followup_case_due"),
            # The open follow-ups only (task lists, team counts): a read of the index
            # alone (the condition's columns repeated for SQLite: see Service).
            models.Index(
                fields=["case", "due_on", "id", "done_on", "is_voided"],
                name="followup_open_due",
                condition=Q(done_on__isnull=True, is_voided=False),
            ),
            # Indicators select the follow-ups due in a period, whatever their case.
            models.Index(fields=["due_on"], name="followup_due_on"),
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_on}"

    def clean(self):
        errors = {}
        if self.done_on:
            if self.done_on > clock.today():
                errors["done_on"] = _("The visit cannot be recorded as done in the future.")
            if not self.contact:
                errors["contact"] = _("Say how contact was made.")
            if not self.observations.strip():
                errors["observations"] = _("Write what was observed.")
        if errors:
            raise ValidationError(errors)


class CaseNote(CaseChild, HearthModel):
    class Kind(models.TextChoices):
        NOTE = "note", _("Case note")
        SUPERVISION = "supervision", _("Supervision note")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.NOTE)
    text = models.TextField(_("note"))
    # Notes are not edited once a day old: a correction is a new note pointing here.
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self):
        # Never the text: labels reach the audit trail and readers of any clearance.
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class CaseReview(CaseChild, HearthModel):
    """A review of the case plan, or a case conference with other professionals."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue the plan")
        REVISE = "revise", _("Revise the plan")
        CLOSE = "close", _("Prepare to close the case")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    is_conference = models.BooleanField(_("case conference"), default=False)
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("participants"))
    child_participated = models.BooleanField(_("the child took part"), default=False)
    child_views = models.TextField(_("the child's views"), blank=True)
    progress = models.TextField(_("progress against the plan"), blank=True)
    decisions = models.TextField(_("decisions"))
    decision = models.CharField(_("outcome"), max_length=10, choices=Decision)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on"]
        # Indicators select the reviews due in a period by this date.
        indexes = [models.Index(fields=["next_review_on"], name="review_next_review_on")]
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")

    def __str__(self):
        return f"{_('Case conference') if self.is_conference else _('Review')} {self.held_on}"

    def clean(self):
        if self.held_on and self.held_on > clock.today():
            raise ValidationError({"held_on": _("A review cannot be recorded in the future.")})
        if self.next_review_on and self.held_on and self.next_review_on <= self.held_on:
            raise ValidationError({"next_review_on": _("The next review is after this one.")})
