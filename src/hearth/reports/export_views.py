"""Pages of exports: my exports, a new export, its progress (polled with htmx) and
the download, streamed through a view that checks who asks (never a public URL)."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import queries as case_queries
from hearth.reports import casefile
from hearth.reports.exports import queries, services
from hearth.reports.exports.columns import BY_KEY
from hearth.reports.exports.forms import ExportForm
from hearth.reports.models import ExportJob
from hearth.web.forms import submit

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "zip": "application/zip",
}


@requires("case.view")
def export_list(request):
    return render(
        request,
        "reports/export_list.html",
        {
            "jobs": queries.jobs_of(request.user)[:50],
            "may_deidentify": policy.has_perm(request.user, "export.deidentified"),
        },
    )


@requires("case.view")
def export_new(request):
    kind = request.GET.get("kind", ExportJob.Kind.RECORDS)
    if kind not in ExportJob.Kind.values:
        kind = ExportJob.Kind.RECORDS
    if kind == ExportJob.Kind.DEIDENTIFIED:
        policy.require(request.user, "export.deidentified")
    form = ExportForm(request.POST or None, user=request.user, kind=kind)
    job = submit(
        request,
        form,
        lambda data: services.export_request(actor=request.user, **form.request_arguments()),
    )
    if job:
        return redirect("exports:job", pk=job.pk)
    return render(
        request,
        "reports/export_form.html",
        {"form": form, "kind": kind, "kind_label": ExportJob.Kind(kind).label},
    )


@requires("case.view")
def export_job(request, pk):
    job = queries.job_for(request.user, pk)
    labels = [str(BY_KEY[k].label) for k in job.columns if k in BY_KEY]
    return render(
        request,
        "reports/export_job.html",
        {"job": job, "column_labels": labels, "filters": queries.filters_shown(job.filters)},
    )


@requires("case.view")
def export_progress(request, pk):
    """The part of the job page htmx asks for again every few seconds until done."""
    job = queries.job_for(request.user, pk)
    return render(request, "reports/export_progress.html", {"job": job})


@requires("case.view")
def export_download(request, pk):
    job = queries.job_for(request.user, pk)
    path = services.export_file(actor=request.user, job=job)
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it when sent
        as_attachment=True,
        filename=job.file_name,
        content_type=CONTENT_TYPES[path.suffix.lstrip(".")],
    )
    response["Cache-Control"] = "no-store"
    return response


@requires("case.view")
def casefile_download(request, pk):
    case = case_queries.case_for(request.user, pk)
    pdf = casefile.casefile_pdf(actor=request.user, case=case)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{casefile.file_name(case)}"'
    response["Cache-Control"] = "no-store"
    return response
