"""Making an export's file: what the background job runs. The rows stream from
the database to the file a batch at a time; progress is written to the job row
as it goes, so the page asking for it can show how far along it is."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit import context
from hearth.audit.models import AuditEvent
from hearth.audit.services import record
from hearth.core import clock, config
from hearth.core.errors import HearthError
from hearth.reports.exports import pseudonyms, queries, sealing, services, writers
from hearth.reports.exports.rows import Rows
from hearth.reports.models import ExportJob

logger = logging.getLogger(__name__)


def _rows(job: ExportJob, owner) -> Rows:
    deidentified = job.kind == ExportJob.Kind.DEIDENTIFIED
    secret = b""
    if deidentified:
        linkable = job.options.get("linkable")
        secret = pseudonyms.deployment_key() if linkable else pseudonyms.one_time_key()
    return Rows(
        owner,
        queries.export_cases(owner, job.filters),
        job.columns,
        deidentified=deidentified,
        override=bool(job.override_reason),
        labels=job.format != ExportJob.Format.JSON,
        area_level=job.options.get("area_level", 6),
        secret=secret,
    )


def run(job_id, sealed: str = "") -> None:
    """Make the file of a queued export. A job already taken by another worker is
    left alone; any failure marks the job failed, removes what was written, and
    is an audit event like success."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=clock.now()
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    owner = job.owner
    policy.forget(owner)
    where = {k: v for k, v in job.requested_from.items() if k in ("ip", "user_agent", "request_id")}
    token = context.bind(context.RequestContext(**where, channel="job"))
    try:
        with translation.override(owner.language or settings.LANGUAGE_CODE):
            _make(job, owner, sealed)
    except Exception as exc:  # noqa: BLE001 - whatever happened, the job must say it failed
        logger.exception("export %s failed", job.pk)
        services.remove_files(job)
        message = (
            exc.message if isinstance(exc, HearthError) else _("The export could not be made.")
        )
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(message), finished_at=clock.now()
        )
        record(
            actor=owner,
            action="export.create",
            target=job,
            outcome=AuditEvent.Outcome.FAILED,
            detail={**services.describe(job), "error": str(message)},
        )
    finally:
        context.reset(token)


def _make(job: ExportJob, owner, sealed: str) -> None:
    # The owner's rights when the file is made count, not when it was asked for.
    policy.require(owner, "case.view")
    policy.require(owner, services.needed_permission(job.kind))
    rows = _rows(job, owner)
    total = rows.queryset.count()
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total)

    folder = services.export_folder()
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    name = f"hearth-{job.kind}-{stamp}.{job.format}"
    plain = folder / f"{job.pk}.{job.format}.part"
    written = 0

    def progress(done: int) -> None:
        nonlocal written
        written = done
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    writers.write(plain, job.format, rows, progress)
    if job.encrypted:
        target, offered = folder / f"{job.pk}.zip", name.rsplit(".", 1)[0] + ".zip"
        writers.encrypt(plain, target, name, sealing.unseal(sealed, job.pk))
        plain.unlink()
    else:
        target, offered = folder / f"{job.pk}.{job.format}", name
        plain.rename(target)
    target.chmod(0o600)
    finished = clock.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        rows_done=written,
        rows_total=written,
        file_path=str(target.relative_to(settings.MEDIA_ROOT)),
        file_name=offered,
        file_size=target.stat().st_size,
        finished_at=finished,
        expires_at=finished + dt.timedelta(hours=config.get("exports.keep_hours")),
    )
    record(
        actor=owner,
        action="export.create",
        target=job,
        detail={**services.describe(job), "rows": written},
    )
