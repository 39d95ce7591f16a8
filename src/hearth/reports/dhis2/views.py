"""Pages of DHIS2 data value sets (H5), all for dhis2.manage: mappings and their
CSV imports, server settings, preparing a period (preview, warnings, JSON) and
sending it, and the history of what was sent."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hearth.access.decorators import requires
from hearth.audit.services import record
from hearth.core import clock
from hearth.reports.dhis2 import forms, importer, payload, periods, push, queries, services
from hearth.reports.indicators import registry
from hearth.web.forms import submit

PERMISSION = services.PERMISSION
PAGE = 50


@requires(PERMISSION)
def home(request):
    return render(
        request,
        "reports/dhis2/home.html",
        {
            "server": services.current_server(),
            "mapping_count": queries.mappings(request.user).filter(active=True).count(),
            "org_unit_count": queries.org_units(request.user).count(),
            "recent": queries.submissions(request.user)[:5],
        },
    )


@requires(PERMISSION)
def mapping_list(request):
    page = Paginator(queries.mappings(request.user), PAGE).get_page(request.GET.get("page"))
    names = {code: ind.name for code, ind in registry().items()}
    for row in page:
        row.indicator_name = names.get(row.indicator_code, "")
    return render(request, "reports/dhis2/mapping_list.html", {"page": page})


def _mapping_initial(row) -> dict:
    return {
        "indicator_code": row.indicator_code,
        "disaggregation": row.disaggregation,
        "data_element": row.data_element,
        "category_option_combo": row.category_option_combo,
        "attribute_option_combo": row.attribute_option_combo,
        "active": row.active,
    }


@requires(PERMISSION)
def mapping_new(request):
    form = forms.MappingForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.data_element_mapping_create(actor=request.user, **data),
        _("Mapping saved."),
    ):
        return redirect("dhis2:mappings")
    return render(request, "reports/dhis2/mapping_form.html", {"form": form})


@requires(PERMISSION)
def mapping_edit(request, pk):
    row = queries.mapping_for(request.user, pk)
    form = forms.MappingForm(request.POST or None, initial=_mapping_initial(row))
    void_form = forms.VoidForm()
    if submit(
        request,
        form,
        lambda data: services.data_element_mapping_update(
            actor=request.user, mapping_row=row, **data
        ),
        _("Mapping saved."),
    ):
        return redirect("dhis2:mappings")
    return render(
        request,
        "reports/dhis2/mapping_form.html",
        {"form": form, "row": row, "void_form": void_form},
    )


@requires(PERMISSION)
def mapping_void(request, pk):
    row = queries.mapping_for(request.user, pk)
    form = forms.VoidForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.data_element_mapping_void(
            actor=request.user, mapping_row=row, reason=data["reason"]
        ),
        _("Mapping removed."),
    ):
        return redirect("dhis2:mappings")
    return render(
        request,
        "reports/dhis2/mapping_form.html",
        {"form": forms.MappingForm(initial=_mapping_initial(row)), "row": row, "void_form": form},
    )


@requires(PERMISSION)
def org_unit_list(request):
    page = Paginator(queries.org_units(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/dhis2/org_unit_list.html", {"page": page})


@requires(PERMISSION)
def org_unit_new(request):
    form = forms.OrgUnitForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.org_unit_mapping_create(actor=request.user, **data),
        _("Organisation unit saved."),
    ):
        return redirect("dhis2:org_units")
    return render(request, "reports/dhis2/org_unit_form.html", {"form": form})


@requires(PERMISSION)
def org_unit_edit(request, pk):
    row = queries.org_unit_for(request.user, pk)
    form = forms.OrgUnitEditForm(request.POST or None, initial={"org_unit": row.org_unit})
    if submit(
        request,
        form,
        lambda data: services.org_unit_mapping_update(
            actor=request.user, mapping_row=row, org_unit=data["org_unit"]
        ),
        _("Organisation unit saved."),
    ):
        return redirect("dhis2:org_units")
    return render(
        request,
        "reports/dhis2/org_unit_form.html",
        {"form": form, "row": row, "void_form": forms.VoidForm()},
    )


@requires(PERMISSION)
def org_unit_void(request, pk):
    row = queries.org_unit_for(request.user, pk)
    form = forms.VoidForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.org_unit_mapping_void(
            actor=request.user, mapping_row=row, reason=data["reason"]
        ),
        _("Organisation unit removed."),
    ):
        return redirect("dhis2:org_units")
    return render(
        request,
        "reports/dhis2/org_unit_form.html",
        {"form": forms.OrgUnitEditForm(initial={"org_unit": row.org_unit}), "row": row,
         "void_form": form},
    )  # fmt: skip


IMPORTS = {
    "mappings": (
        importer.import_data_elements,
        "indicator,disaggregation,data_element,category_option_combo,attribute_option_combo",
        "dhis2:mappings",
    ),
    "org-units": (importer.import_org_units, "area_code,org_unit", "dhis2:org_units"),
}


@requires(PERMISSION)
def import_file(request, what):
    run, columns, back = IMPORTS[what]
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = submit(
        request,
        form,
        lambda data: run(
            actor=request.user, text=forms.read_upload(data["file"]), dry_run=data["dry_run"]
        ),
    )
    return render(
        request,
        "reports/dhis2/import.html",
        {"form": form, "result": result, "columns": columns, "back": back, "what": what},
    )


@requires(PERMISSION)
def server_settings(request):
    server = services.current_server()
    initial = {}
    if server is not None:
        initial = {
            "base_url": server.base_url,
            "auth": server.auth,
            "username": server.username,
            "data_set": server.data_set,
            "mark_complete": server.mark_complete,
        }
    form = forms.ServerForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda data: services.server_configure(actor=request.user, **data),
        _("DHIS2 settings saved."),
    ):
        return redirect("dhis2:home")
    return render(request, "reports/dhis2/server.html", {"form": form, "server": server})


@requires(PERMISSION)
def prepare(request):
    """Choose a period and see what would be sent, with the warnings, before sending."""
    form = forms.PeriodForm(request.GET or None)
    found = None
    if request.GET and form.is_valid():
        found = payload.build(
            actor=request.user, period=form.cleaned_data["period"],
            server=services.current_server(),
        )  # fmt: skip
    return render(
        request,
        "reports/dhis2/prepare.html",
        {
            "form": form,
            "found": found,
            "offered": periods.recent(clock.today()),
            "send_form": forms.SendForm(initial={"period": found.period.code}) if found else None,
            "server": services.current_server(),
        },
    )


@requires(PERMISSION)
def download(request):
    """The data value set as a JSON file, as DHIS2 imports it. An export: audited."""
    form = forms.PeriodForm(request.GET)
    if not form.is_valid():
        return redirect("dhis2:prepare")
    period = form.cleaned_data["period"]
    found = payload.build(actor=request.user, period=period, server=services.current_server())
    record(actor=request.user, action="dhis2.payload_download",
           detail={"period": period.code, "values": len(found.values)})  # fmt: skip
    response = HttpResponse(json.dumps(found.as_json(), indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="dhis2-{period.code}.json"'
    response["Cache-Control"] = "no-store"
    return response


@requires(PERMISSION)
def send(request):
    if request.method != "POST":
        return redirect("dhis2:prepare")
    form = forms.SendForm(request.POST)
    submission = submit(
        request,
        form,
        lambda data: push.submission_push(
            actor=request.user, period=data["period"], dry_run=data["dry_run"]
        ),
    )
    if submission:
        return redirect("dhis2:submission", pk=submission.pk)
    return render(
        request,
        "reports/dhis2/prepare.html",
        {"form": forms.PeriodForm(), "found": None, "send_form": form,
         "offered": periods.recent(clock.today()), "server": services.current_server()},
    )  # fmt: skip


@requires(PERMISSION)
def submission_list(request):
    page = Paginator(queries.submissions(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/dhis2/submission_list.html", {"page": page})


@requires(PERMISSION)
def submission_detail(request, pk):
    submission = queries.submission_for(request.user, pk)
    return render(request, "reports/dhis2/submission.html", {"submission": submission})
