"""Family tracing and reunification (F8).

A request either comes from a relative searching for a child ("child sought",
describing the child), or is opened for a child in care to find their family
("relative sought", describing the relative). Hearth proposes scored matches
among records whose tracing consent stands; a confirmed match links the records
and starts reunification."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core import clock
from hearth.core.models import HearthModel
from hearth.registry.models import Sex


class TracingRequest(HearthModel):
    class Kind(models.TextChoices):
        CHILD_SOUGHT = "child_sought", _("A relative is looking for a child")
        RELATIVE_SOUGHT = "relative_sought", _("A child in care is looking for family")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    number = models.CharField(_("request number"), max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    # For a child in care: their case. For a searching relative: filled in on a match.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracing_requests",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "places.Location",
        verbose_name=_("where the request was made"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received on"))
    # Who is searching: the relative (child sought) or a note on the child (relative sought).
    enquirer_name = models.CharField(_("name of the person searching"), max_length=200)
    enquirer_relation = models.CharField(_("relation to the person sought"), max_length=100)
    enquirer_contact = models.CharField(_("how to reach them"), max_length=200, blank=True)
    # The person sought.
    sought_given_name = models.CharField(_("given name"), max_length=100)
    sought_family_name = models.CharField(_("family name"), max_length=100, blank=True)
    sought_other_names = models.CharField(_("other names"), max_length=200, blank=True)
    sought_sex = models.CharField(_("sex"), max_length=10, choices=Sex, default=Sex.UNKNOWN)
    sought_date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sought_age = models.PositiveSmallIntegerField(_("age in years"), null=True, blank=True)
    last_seen_place = models.CharField(_("last seen at"), max_length=200, blank=True)
    last_seen_location = models.ForeignKey(
        "places.Location",
        verbose_name=_("area last seen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_seen_on = models.DateField(_("last seen on"), null=True, blank=True)
    distinguishing_features = models.TextField(_("distinguishing features"), blank=True)
    circumstances = models.TextField(_("how they were separated"), blank=True)
    consent_override_reason = models.TextField(_("reason for acting without consent"), blank=True)
    closed_reason = models.TextField(_("why the request was closed"), blank=True)

    class Meta:
        ordering = ["-received_on", "-number"]
        verbose_name = _("tracing request")
        verbose_name_plural = _("tracing requests")

    def __str__(self):
        return self.number

    @property
    def audit_case_id(self):
        return self.case_id

    @property
    def sought_name(self) -> str:
        return " ".join(p for p in (self.sought_given_name, self.sought_family_name) if p)

    def clean(self):
        errors = {}
        today = clock.today()
        for field in ("received_on", "last_seen_on", "sought_date_of_birth"):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("The date cannot be in the future.")
        if self.kind == self.Kind.RELATIVE_SOUGHT and not self.case_id:
            errors["case"] = _("A search for a child's family starts from the child's case.")
        if errors:
            raise ValidationError(errors)


class TracingMatch(HearthModel):
    """A proposed or confirmed match of a request with a case (and, for two
    requests that find each other, with the other request)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed: waiting for the case's worker")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not a match")

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="matches")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="tracing_matches")
    other_request = models.ForeignKey(
        TracingRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    # Field by field: [{"label": ..., "given": ..., "found": ..., "verdict": ...}]
    comparison = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    consent_override_reason = models.TextField(_("reason for acting without consent"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "case"],
                condition=models.Q(is_voided=False, status__in=["proposed", "confirmed"]),
                name="care_one_live_match_per_case",
                violation_error_message=_("This case is already matched with the request."),
            )
        ]
        verbose_name = _("tracing match")
        verbose_name_plural = _("tracing matches")

    def __str__(self):
        return f"{self.request} ↔ {self.case} ({self.get_status_display()})"

    @property
    def audit_case_id(self):
        return self.case_id
