"""Court and police involvement (D4) and legal orders (F9)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case, CaseChild
from hearth.core.models import HearthModel


class CourtInvolvement(CaseChild, HearthModel):
    class Kind(models.TextChoices):
        COURT = "court", _("Court")
        POLICE = "police", _("Police")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="court_involvements")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    institution = models.CharField(_("court or police station"), max_length=200)
    file_number = models.CharField(_("file number"), max_length=80, blank=True)
    officer = models.CharField(_("officer or magistrate"), max_length=150, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = _("court or police involvement")
        verbose_name_plural = _("court and police involvement")

    def __str__(self):
        # Not the file number: labels reach the audit trail and readers of any clearance.
        return f"{self.get_kind_display()}: {self.institution}"


class Hearing(CaseChild, HearthModel):
    involvement = models.ForeignKey(
        CourtInvolvement, on_delete=models.PROTECT, related_name="hearings"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_hearing_on = models.DateField(_("next hearing"), null=True, blank=True)

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")

    def __str__(self):
        return f"{self.involvement} {self.held_on}"


class LegalOrder(CaseChild, HearthModel):
    """A court or administrative order about the child: care orders, protection
    orders, guardianship. Placements refer to the order that authorises them."""

    class Kind(models.TextChoices):
        CARE = "care", _("Care order")
        INTERIM_CARE = "interim_care", _("Interim care order")
        PROTECTION = "protection", _("Protection order")
        SUPERVISION = "supervision", _("Supervision order")
        GUARDIANSHIP = "guardianship", _("Guardianship order")
        ADOPTION = "adoption", _("Adoption order")
        EMERGENCY = "emergency", _("Emergency removal order")
        OTHER = "other", _("Other order")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="legal_orders")
    involvement = models.ForeignKey(
        CourtInvolvement, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    kind = models.CharField(_("type"), max_length=15, choices=Kind)
    court = models.CharField(_("issued by"), max_length=200)
    number = models.CharField(_("order number"), max_length=80)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    terms = models.TextField(_("terms"), blank=True)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("legal order")
        verbose_name_plural = _("legal orders")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        if self.expires_on and self.issued_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": _("An order expires after it is issued.")})
