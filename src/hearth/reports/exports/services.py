"""Asking for an export, downloading it, and deleting it when its time is up.
Every step is an audit event: export.request (what was asked, from where),
export.create (written by the job when the file is made, with the row count),
export.download (each download) and export.expire (the file deleted)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.accounts.models import Agency
from hearth.audit import context
from hearth.audit.services import record
from hearth.cases.models import Case, RiskLevel
from hearth.core import clock, config, writes
from hearth.core.errors import NotFound, Refused
from hearth.places.models import MAX_DEPTH, Location
from hearth.reports.exports import columns as export_columns
from hearth.reports.exports import sealing
from hearth.reports.models import ExportJob

config.register(
    "exports.keep_hours",
    24,
    gettext_lazy("Hours a finished export can be downloaded before its file is deleted."),
)

MIN_PASSWORD_LENGTH = 12
DEFAULT_AREA_LEVEL = 2


class Expired(Refused):
    status = 410


def export_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "exports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def needed_permission(kind: str) -> str:
    return "export.deidentified" if kind == ExportJob.Kind.DEIDENTIFIED else "case.view"


def plain_filters(filters: dict) -> dict:
    """The filters as the job keeps them (plain JSON), checked."""
    errors = {}
    out: dict = {}
    status = filters.get("status") or ""
    if status and status not in Case.Status.values:
        errors["status"] = _("Unknown status.")
    risk = filters.get("risk") or ""
    if risk and risk not in RiskLevel.values:
        errors["risk"] = _("Unknown risk level.")
    out.update(status=status, risk=risk)
    for name, model in (("area", Location), ("agency", Agency)):
        value = filters.get(name)
        value = getattr(value, "pk", value)
        if value and not model.objects.filter(pk=value, is_voided=False).exists():
            errors[name] = _("Unknown %(what)s.") % {"what": model._meta.verbose_name}
        out[name] = str(value) if value else ""
    dates = {}
    for name in ("registered_from", "registered_to"):
        value = filters.get(name) or None
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                errors[name] = _("Write the date as YYYY-MM-DD.")
                value = None
        dates[name] = value
        out[name] = value.isoformat() if value else ""
    start, end = dates["registered_from"], dates["registered_to"]
    if start and end and end < start:
        errors["registered_to"] = _("The period ends before it starts.")
    if errors:
        raise ValidationError(errors)
    return out


def _check_columns(kind: str, chosen) -> list[str]:
    offered = [c.key for c in export_columns.offered(kind)]
    chosen = list(dict.fromkeys(chosen or []))
    if not chosen:
        raise ValidationError({"columns": _("Choose at least one column.")})
    unknown = [key for key in chosen if key not in offered]
    if unknown:
        raise ValidationError(
            {"columns": _("These columns cannot be exported: %(c)s") % {"c": ", ".join(unknown)}}
        )
    # Always in the allow-list's order, whatever order they were sent in.
    return [key for key in offered if key in chosen]


def _request_context() -> dict:
    ctx = context.current()
    return {"ip": ctx.ip, "user_agent": ctx.user_agent, "request_id": ctx.request_id,
            "channel": ctx.channel}  # fmt: skip


def describe(job: ExportJob) -> dict:
    """What the audit trail keeps about an export (never the password)."""
    return {
        "kind": job.kind,
        "format": job.format,
        "filters": {k: v for k, v in job.filters.items() if v},
        "columns": job.columns,
        "encrypted": job.encrypted,
        "override_reason": job.override_reason,
        **({"options": job.options} if job.options else {}),
    }


@transaction.atomic
def export_request(
    *,
    actor,
    kind: str = ExportJob.Kind.RECORDS,
    format: str = ExportJob.Format.CSV,
    columns=None,
    filters: dict | None = None,
    override_reason: str = "",
    password: str = "",
    area_level: int | None = None,
    linkable: bool = False,
) -> ExportJob:
    """Ask for an export of the cases `actor` may see (B7); it is made in the
    background. A records export needs case.view: its identifying columns are
    filled only for holders of export.identifiable, and only for cases whose
    consent to share stands unless an override reason is given (consent.override).
    A de-identified export needs export.deidentified. The password, when given,
    protects the file and is never stored."""
    if kind not in ExportJob.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of export.")})
    policy.require(actor, "case.view")
    policy.require(actor, needed_permission(kind))
    if format not in ExportJob.Format.values:
        raise ValidationError({"format": _("Choose CSV, XLSX or JSON.")})
    chosen = _check_columns(kind, columns)
    plain = plain_filters(filters or {})
    override_reason = (override_reason or "").strip()
    if override_reason:
        if kind != ExportJob.Kind.RECORDS:
            raise ValidationError(
                {"override_reason": _("A de-identified export needs no consent override.")}
            )
        if not policy.has_perm(actor, "consent.override"):
            raise Refused(
                _("Only someone allowed to override consent may export without it."),
                field="override_reason",
            )
    if password and len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            {"password": _("Use at least %(n)s characters.") % {"n": MIN_PASSWORD_LENGTH}}
        )
    options = {}
    if kind == ExportJob.Kind.DEIDENTIFIED:
        level = int(area_level or DEFAULT_AREA_LEVEL)
        if not 1 <= level <= MAX_DEPTH:
            raise ValidationError(
                {"area_level": _("Choose a level from 1 to %(n)s.") % {"n": MAX_DEPTH}}
            )
        options = {"area_level": level, "linkable": bool(linkable)}
    job = ExportJob(
        owner=actor,
        kind=kind,
        format=format,
        columns=chosen,
        filters=plain,
        options=options,
        encrypted=bool(password),
        override_reason=override_reason,
        requested_from=_request_context(),
    )
    writes.create(job, actor=actor)
    record(actor=actor, action="export.request", target=job, detail=describe(job))
    from hearth.reports.exports.jobs import run_export

    # Queued when this transaction commits, so the worker always finds the job.
    run_export(str(job.pk), sealing.seal(password, job.pk) if password else "")
    return job


def export_file(*, actor, job: ExportJob) -> Path:
    """The file of a finished export, for the person who asked for it, while it
    lasts and while they still hold the permission it needed. Each download is
    an audit event."""
    if job.owner_id != getattr(actor, "pk", None):
        raise NotFound(_("Not found."))
    policy.require(actor, needed_permission(job.kind))
    expired = job.status == ExportJob.Status.EXPIRED or (
        job.expires_at is not None and job.expires_at <= clock.now()
    )
    if expired:
        raise Expired(_("This export has expired and its file was deleted. Make it again."))
    if job.status != ExportJob.Status.DONE:
        raise Refused(_("This export is not ready yet."))
    path = Path(settings.MEDIA_ROOT) / job.file_path
    if not path.is_file():
        raise Expired(_("This export's file is no longer there. Make it again."))
    record(
        actor=actor,
        action="export.download",
        target=job,
        detail={"format": job.format, "encrypted": job.encrypted, "rows": job.rows_done},
    )
    return path


def exports_purge() -> int:
    """Delete the files of exports whose time is up (run by a periodic job), and of
    jobs that died half-way; each deletion is an audit event. Returns how many."""
    now = clock.now()
    keep = dt.timedelta(hours=config.get("exports.keep_hours"))
    due = Q(status=ExportJob.Status.DONE, expires_at__lte=now)
    stuck = Q(
        status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING), created_at__lte=now - keep
    )
    count = 0
    for job in ExportJob.objects.filter(due | stuck):
        remove_files(job)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.EXPIRED, file_path="", updated_at=now
        )
        record(
            actor=None,
            actor_label="system",
            action="export.expire",
            target=job,
            detail={"was": job.status, "owner": str(job.owner_id)},
        )
        count += 1
    return count


def remove_files(job: ExportJob) -> None:
    folder = export_folder()
    for path in folder.glob(f"{job.pk}.*"):
        path.unlink(missing_ok=True)
