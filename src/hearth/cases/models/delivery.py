"""Services and referrals (D2, D3), and the directory of who provides what where."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case, CaseChild
from hearth.core.models import HearthModel


class ServiceType(models.Model):
    """Configuration: the kinds of service this deployment offers or refers to."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self):
        return self.name


class ServiceProvider(HearthModel):
    """An entry of the service directory: an agency using Hearth, or an external
    provider (a clinic, a school, a legal aid office) that does not."""

    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency in Hearth"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_entries",
        help_text=_("Set when the provider uses Hearth: referrals then reach its users."),
    )
    service_types = models.ManyToManyField(
        ServiceType, verbose_name=_("services offered"), related_name="providers"
    )
    areas = models.ManyToManyField(
        "places.Location", verbose_name=_("areas served"), related_name="+", blank=True
    )
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self):
        return self.name


class Service(CaseChild, HearthModel):
    """A service the child or family is to receive; undelivered past its due date
    it is overdue (a query, not a flag)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="services")
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.ForeignKey(
        "cases.PlanAction",
        verbose_name=_("plan action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    provided_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("provided by (worker)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provided_by_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("provided by (agency)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provider = models.ForeignKey(
        ServiceProvider,
        verbose_name=_("provided by (directory)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    referral = models.ForeignKey(
        "cases.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    due_on = models.DateField(_("due"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PLANNED, db_index=True
    )
    notes = models.TextField(_("notes"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["case", "status", "due_on"], name="service_case_due"),
            # Task lists and team counts read the live services of many cases: with
            # the voided ones left out and the id in it, those reads need no table
            # rows (counts, and the first ids in due order). is_voided is repeated
            # as a column because SQLite (3.40) only reads an index alone when it
            # holds every column the query names, its condition's included.
            models.Index(
                fields=["case", "status", "due_on", "id", "is_voided"],
                name="service_live_due",
                condition=Q(is_voided=False),
            ),
            # Indicators select the services due in a period, whatever their case.
            models.Index(fields=["due_on"], name="service_due_on"),
        ]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return str(self.service_type)

    def clean(self):
        if not (self.provided_by_user_id or self.provided_by_agency_id or self.provider_id):
            raise ValidationError(_("Say who provides the service."))
        if self.delivered_on and self.status != self.Status.DELIVERED:
            raise ValidationError({"status": _("A service with a delivery date is delivered.")})


class Referral(CaseChild, HearthModel):
    """A referral to a worker, an agency or an external provider (D3):
    pending -> accepted or declined (with reason) -> completed (with feedback).
    While pending or accepted it opens the case to the recipient; revoking,
    declining or completing closes it again at once (B8)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        REVOKED = "revoked", _("Withdrawn by the referrer")

    ACTIVE = (Status.PENDING, Status.ACCEPTED)

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service needed"), on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    to_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("to agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    to_provider = models.ForeignKey(
        ServiceProvider,
        verbose_name=_("to external provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    reason = models.TextField(_("reason for referral"))
    urgent = models.BooleanField(_("urgent"), default=False)
    respond_by = models.DateField(_("answer needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    # Who answered for the recipient, when, and what they said.
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the referrer"), blank=True)
    revoked_reason = models.TextField(_("reason for withdrawing"), blank=True)
    consent_override_reason = models.TextField(
        _("reason for referring without consent"), blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_user", "status"], name="referral_to_user"),
            models.Index(fields=["to_agency", "status"], name="referral_to_agency"),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.case} → {self.recipient}"

    @property
    def recipient(self):
        return self.to_user or self.to_agency or self.to_provider

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    def clean(self):
        chosen = [x for x in (self.to_user_id, self.to_agency_id, self.to_provider_id) if x]
        if len(chosen) != 1:
            raise ValidationError(_("Refer to one worker, one agency or one provider."))
