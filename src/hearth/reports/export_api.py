"""/api/v1/exports and the case file as PDF: the same services and rules as the
pages. An export is made in the background: POST it, poll GET /exports/{id} until
its status is "done", then GET /exports/{id}/download."""

import datetime as dt
import uuid

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import queries as case_queries
from hearth.core.api import paginate
from hearth.reports import casefile
from hearth.reports.export_views import CONTENT_TYPES
from hearth.reports.exports import columns as export_columns
from hearth.reports.exports import queries, services
from hearth.reports.models import ExportJob

router = Router(tags=["exports"])


class ExportIn(Schema):
    kind: str = Field("records", description="records or deidentified")
    format: str = Field("csv", description="csv, xlsx or json")
    columns: list[str] | None = Field(None, description="Column keys; the usual set if left out")
    status: str = ""
    risk: str = ""
    area: uuid.UUID | None = Field(None, description="A location: that area and everything under")
    agency: uuid.UUID | None = None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    override_reason: str = Field(
        "", description="Export identifying details without consent to share (consent.override)"
    )
    password: str = Field(
        "", description="At least 12 characters: the file comes as an AES-256 ZIP. Never stored."
    )
    area_level: int | None = Field(None, description="De-identified: keep areas down to this level")
    linkable: bool = Field(False, description="De-identified: pseudonyms shared across exports")


def job_out(job: ExportJob) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "format": job.format,
        "status": job.status,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": job.percent,
        "encrypted": job.encrypted,
        "columns": job.columns,
        "filters": {k: v for k, v in job.filters.items() if v},
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
        "error": job.error,
        "download": reverse("api:export_download", kwargs={"job_id": job.pk})
        if job.is_downloadable
        else None,
    }


@router.get("/exports/columns", summary="The columns each kind of export may contain")
@api_requires("case.view")
def export_columns_list(request, kind: str = "records"):
    return [
        {"key": c.key, "label": str(c.label), "default": c.key in export_columns.defaults(kind)}
        for c in export_columns.offered(kind)
    ]


@router.get("/exports", summary="My exports, newest first")
@api_requires("case.view")
def export_list(request, page: int = 1, per: int = 25):
    return paginate(queries.jobs_of(request.user), page, per, job_out)


@router.post("/exports", response={202: dict}, summary="Ask for an export (made in the background)")
@api_requires("case.view")
def export_create(request, payload: ExportIn):
    data = payload.dict()
    filters = {
        name: data[name]
        for name in ("status", "risk", "area", "agency", "registered_from", "registered_to")
    }
    job = services.export_request(
        actor=request.user,
        kind=data["kind"],
        format=data["format"],
        columns=data["columns"] or export_columns.defaults(data["kind"]),
        filters=filters,
        override_reason=data["override_reason"],
        password=data["password"],
        area_level=data["area_level"],
        linkable=data["linkable"],
    )
    return 202, job_out(job)


@router.get("/exports/{job_id}", summary="An export's status and progress")
@api_requires("case.view")
def export_status(request, job_id: uuid.UUID):
    return job_out(queries.job_for(request.user, job_id))


@router.get(
    "/exports/{job_id}/download",
    url_name="export_download",
    summary="The export's file (its owner only, until it expires)",
    response={200: None},
)
@api_requires("case.view")
def export_download(request, job_id: uuid.UUID):
    job = queries.job_for(request.user, job_id)
    path = services.export_file(actor=request.user, job=job)
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it when sent
        as_attachment=True,
        filename=job.file_name,
        content_type=CONTENT_TYPES[path.suffix.lstrip(".")],
    )
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/cases/{case_id}/casefile.pdf",
    summary="The case file as PDF (H4), masked for the caller",
    response={200: None},
)
@api_requires("case.view")
def case_file(request, case_id: uuid.UUID):
    case = case_queries.case_for(request.user, case_id)
    pdf = casefile.casefile_pdf(actor=request.user, case=case)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{casefile.file_name(case)}"'
    response["Cache-Control"] = "no-store"
    return response
