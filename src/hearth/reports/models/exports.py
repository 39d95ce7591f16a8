"""An export job (B7): one request for a file of case records, made in the
background, kept for a short time, downloadable only by the person who asked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core import clock
from hearth.core.models import HearthModel


class ExportJob(HearthModel):
    class Kind(models.TextChoices):
        RECORDS = "records", _("Case records")
        DEIDENTIFIED = "deidentified", _("De-identified case records for analysis")
        # A scheduled saved report's table (counts only, no case records).
        REPORT = "report", _("Scheduled report")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV (spreadsheets, any program)")
        XLSX = "xlsx", _("Excel workbook (XLSX)")
        JSON = "json", _("JSON (for programs)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired and deleted")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        on_delete=models.PROTECT,
        related_name="export_jobs",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.RECORDS)
    format = models.CharField(_("format"), max_length=5, choices=Format, default=Format.CSV)
    # What was asked for, as plain JSON: the filters of the case list and the columns.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    columns = models.JSONField(_("columns"), default=list)
    # De-identified exports: the area level kept, and whether pseudonyms stay the
    # same from one export to the next.
    options = models.JSONField(_("options"), default=dict, blank=True)
    encrypted = models.BooleanField(_("password-protected"), default=False)
    override_reason = models.TextField(_("reason for exporting without consent"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows to write"), null=True, blank=True)
    # Relative to MEDIA_ROOT; never under a public URL (streamed by a view that checks).
    file_path = models.CharField(max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    # Where the request came from, for the audit event the job writes when done.
    requested_from = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="export_owner_recent"),
            models.Index(fields=["status", "expires_at"], name="export_status_expiry"),
        ]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.format}) {str(self.pk)[:8]}"

    @property
    def audit_label(self) -> str:
        return f"export {str(self.pk)[:8]}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.DONE and (
            self.expires_at is None or self.expires_at > clock.now()
        )

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, int(100 * self.rows_done / self.rows_total))
