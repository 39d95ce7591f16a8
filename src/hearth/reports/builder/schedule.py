"""Monthly runs of scheduled reports. On or after its day of the month, each
scheduled report is run for its last complete period, as its owner (the owner's
scope, the owner's rights at the time of the run); the XLSX is kept as one of the
owner's exports, downloadable for exports.keep_hours; the owner is told in the
app and by email. A ScheduledRun row per report and period, unique in the
database, makes sure no period is run twice, whoever starts the run."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.audit.models import AuditEvent
from hearth.audit.services import record
from hearth.core import clock, config
from hearth.core.errors import HearthError
from hearth.notify import kinds
from hearth.notify.services import notify
from hearth.reports.builder import files, table
from hearth.reports.builder.services import spec_of
from hearth.reports.exports.services import export_folder
from hearth.reports.models import ExportJob, SavedReport, ScheduledRun

logger = logging.getLogger(__name__)

kinds.register("report_ready", _("A scheduled report of mine is ready"))


def due_reports(today: dt.date):
    return (
        SavedReport.objects.filter(
            schedule=SavedReport.Schedule.MONTHLY, is_voided=False, schedule_day__lte=today.day
        )
        .select_related("owner")
        .order_by("created_at")
    )


def reports_run_scheduled(today: dt.date | None = None) -> list[ScheduledRun]:
    """Run every scheduled report that is due and has not run for its period yet.
    Returns the runs made now."""
    today = today or clock.today()
    made = []
    for report in due_reports(today):
        try:
            period = spec_of(report, today=today).period.code
        except Exception:  # noqa: BLE001 - a broken report must not stop the others
            logger.exception("scheduled report %s cannot be computed", report.pk)
            continue
        if ScheduledRun.objects.filter(report=report, period=period).exists():
            continue
        try:
            run = _run(report, period, today)
        except Exception:  # noqa: BLE001 - nothing was recorded; tried again next time
            logger.exception("scheduled report %s failed for %s", report.pk, period)
            continue
        if run is not None:
            made.append(run)
    return made


def _run(report: SavedReport, period: str, today: dt.date) -> ScheduledRun | None:
    owner = report.owner
    policy.forget(owner)
    try:
        with transaction.atomic():
            # Taken first: a second runner at the same moment stops here.
            run = ScheduledRun.objects.create(report=report, period=period, ran_at=clock.now())
            with translation.override(owner.language or settings.LANGUAGE_CODE):
                try:
                    _make(report, run, owner, today)
                except HearthError as exc:
                    _failed(report, run, owner, str(exc.message))
    except IntegrityError:
        return None
    return run


def _make(report: SavedReport, run: ScheduledRun, owner, today: dt.date) -> None:
    # The owner's rights on the day of the run count, not when it was scheduled.
    if not owner.is_active:
        raise HearthError(_("The report's owner can no longer sign in."))
    policy.require(owner, "report.build")
    spec = spec_of(report, today=today)
    numbers = table.build(spec, owner)
    content = files.as_xlsx(numbers, owner, report.title)
    now = clock.now()
    job = ExportJob.objects.create(
        owner=owner,
        created_by=owner,
        updated_by=owner,
        kind=ExportJob.Kind.REPORT,
        format=ExportJob.Format.XLSX,
        filters={},
        columns=[],
        options={"report": str(report.pk), "period": run.period},
        status=ExportJob.Status.DONE,
        started_at=now,
        finished_at=now,
        expires_at=now + dt.timedelta(hours=config.get("exports.keep_hours")),
        requested_from={"channel": "job"},
    )
    path = export_folder() / f"{job.pk}.xlsx"
    path.write_bytes(content)
    path.chmod(0o600)
    ExportJob.objects.filter(pk=job.pk).update(
        file_path=str(path.relative_to(settings.MEDIA_ROOT)),
        file_name=files.file_name(report.title, numbers, "xlsx"),
        file_size=len(content),
        rows_done=len(numbers.lines),
        rows_total=len(numbers.lines),
    )
    job.refresh_from_db()
    run.export = job
    run.save(update_fields=["export"])
    SavedReport.objects.filter(pk=report.pk).update(last_run_at=now, last_run_period=run.period)
    record(
        actor=None,
        actor_label="system",
        action="report.run",
        target=report,
        detail={**spec.describe(), "for": str(owner.pk), "export": str(job.pk)},
    )
    link = reverse("report_builder:saved", kwargs={"pk": report.pk})
    notify(
        recipients=[owner],
        kind="report_ready",
        title=lambda: (
            _("Your report “%(title)s” for %(period)s is ready")
            % {"title": report.title, "period": run.period}
        ),
        body=_("Download it from the report's page before it expires."),
        link=link,
    )


def _failed(report: SavedReport, run: ScheduledRun, owner, message: str) -> None:
    run.error = message
    run.save(update_fields=["error"])
    record(
        actor=None,
        actor_label="system",
        action="report.run",
        target=report,
        outcome=AuditEvent.Outcome.FAILED,
        detail={"period": run.period, "for": str(owner.pk), "error": message},
    )
