"""The base every Hearth record stands on.

- a UUID primary key, so records made offline or on another instance never collide;
- who made and last changed it, and when;
- a `version` that each saved change bumps, so a change made on a stale copy fails
  with a conflict instead of silently overwriting someone else's work;
- voiding instead of deleting: users never destroy records, they void them with a reason.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core import clock


class HearthQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_voided=False)


class HearthModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated at"), default=clock.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    is_voided = models.BooleanField(_("voided"), default=False, editable=False)
    void_reason = models.TextField(_("reason for voiding"), blank=True, editable=False)
    voided_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = HearthQuerySet.as_manager()

    class Meta:
        abstract = True

    # Fields the audit trail never reports as "changed": bookkeeping, not content.
    BOOKKEEPING_FIELDS = frozenset(
        {"id", "created_at", "created_by", "updated_at", "updated_by", "version"}
    )
    # Copies of other rows' values, written only by what keeps them in step:
    # `writes.update` never writes them back from a row read before they changed.
    DERIVED_FIELDS: frozenset[str] = frozenset()


class Counter(models.Model):
    """A named, locked counter for human-readable numbers (CP-2026-000123).

    Taking the next value locks the row until the transaction ends, so two workers
    registering at the same moment never get the same number (never count()+1)."""

    name = models.CharField(max_length=64, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"


class Setting(models.Model):
    """Deployment configuration that administrators change without a release:
    timeframes, thresholds, switches. Values are JSON; defaults live in code
    (`hearth.core.config.DEFAULTS`) so an empty table means "the defaults"."""

    key = models.CharField(_("key"), max_length=100, primary_key=True)
    value = models.JSONField(_("value"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("setting")
        verbose_name_plural = _("settings")

    def __str__(self):
        return self.key
