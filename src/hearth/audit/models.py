"""The audit trail: one row per thing that happened, never changed or removed.

Rows are chained: each carries the hash of the one before it, so editing or
deleting any event breaks the chain from that point on (`hearth audit-verify`).
Database triggers refuse UPDATE and DELETE on the table as a second line."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", _("done")
        DENIED = "denied", _("refused")
        FAILED = "failed", _("failed")

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    # Plain ids, not foreign keys: the trail must outlive and never cascade from the
    # rows it talks about, and must not be touched when they change.
    actor_id = models.UUIDField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome, default=Outcome.OK)
    object_type = models.CharField(_("record type"), max_length=64, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("record"), max_length=200, blank=True)
    # The case a record belongs to, so "everything that happened to case X" is one query.
    case_id = models.UUIDField(_("case id"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser or client"), max_length=300, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_label}"


class ChainHead(models.Model):
    """The last sequence number and hash. Appending locks this one row, which orders
    events even when many workers write at once; it also reveals events cut off
    the end of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"head #{self.seq}"
