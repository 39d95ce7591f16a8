"""Access to a case beyond one's scope, and what the retention policy did.

An AccessGrant opens one case to one person for reading, for a limited time:
either asked for from the limited search (A7) and decided by the case's owner or
a supervisor, or taken in an emergency with a stated reason (B4, "break glass").
Grants never widen what someone may do on the case: they read it, nothing more.

A RetentionRun is the report of one run of the retention policy (B9), a dry run
included; an Anonymisation marks a case the policy has anonymised."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import Case, CaseChild
from hearth.core import clock
from hearth.core.models import HearthModel


class AccessGrant(CaseChild, HearthModel):
    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Asked for from a search")
        EMERGENCY = "emergency", _("Emergency access")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REVOKED = "revoked", _("Ended early")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="case_access_grants",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    expires_at = models.DateTimeField(_("until"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("why it was ended"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(status="pending"),
                name="one_pending_access_request",
                violation_error_message=_("You have already asked for access to this case."),
            )
        ]
        indexes = [models.Index(fields=["user", "status", "expires_at"], name="grant_user_active")]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.user} on {self.case}"

    @property
    def is_active(self) -> bool:
        return (
            self.status == self.Status.GRANTED
            and not self.is_voided
            and self.expires_at is not None
            and self.expires_at > clock.now()
        )

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class RetentionRun(HearthModel):
    """What one run of the retention policy found (and, unless a dry run, did)."""

    dry_run = models.BooleanField(_("dry run"))
    years = models.PositiveSmallIntegerField(_("years after closure"))
    closed_before = models.DateField(_("cases closed before"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    case_numbers = models.JSONField(_("case numbers"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"retention {self.created_at:%Y-%m-%d}{' (dry run)' if self.dry_run else ''}"


class Anonymisation(models.Model):
    """This case was anonymised by the retention policy, in that run: it is not
    processed again."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="anonymisation")
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="anonymised")
    at = models.DateTimeField(_("anonymised at"))

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")

    def __str__(self):
        return f"{self.case_id} anonymised {self.at:%Y-%m-%d}"
