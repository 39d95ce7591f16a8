"""The service directory and the service types: read by every case worker, kept
by people with config.manage (who get the same list with inactive entries and
the edit actions)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access.decorators import requires
from hearth.cases import delivery_queries as q
from hearth.cases.delivery_forms import (
    DirectoryFilterForm,
    ProviderEditForm,
    ProviderForm,
    ReasonForm,
    ServiceTypeForm,
    ServiceTypeNewForm,
)
from hearth.cases.models import ServiceProvider, ServiceType
from hearth.cases.services import directory
from hearth.web.forms import submit


def _list(request, manage: bool):
    form = DirectoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = q.directory(
        service_type=data.get("service_type"),
        area=data.get("area"),
        text=data.get("q") or "",
        include_inactive=manage,
    )
    return render(
        request,
        "cases/directory/list.html",
        {
            "form": form,
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "manage": manage,
        },
    )


@requires("case.view")
def directory_list(request):
    return _list(request, manage=False)


@requires("config.manage")
def directory_manage(request):
    return _list(request, manage=True)


def _form_page(request, form, title, back="cases:directory_manage"):
    return render(
        request, "cases/directory/form.html", {"form": form, "title": title, "back": back}
    )


@requires("config.manage")
def provider_create(request):
    form = ProviderForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: directory.provider_create(actor=request.user, **data),
        _("Directory entry added."),
    ):
        return redirect("cases:directory_manage")
    return _form_page(request, form, _("Add to the service directory"))


@requires("config.manage")
def provider_edit(request, pk):
    provider = get_object_or_404(ServiceProvider, pk=pk, is_voided=False)
    initial = {
        "name": provider.name,
        "agency": provider.agency,
        "service_types": provider.service_types.all(),
        "areas": provider.areas.all(),
        "contact_person": provider.contact_person,
        "phone": provider.phone,
        "email": provider.email,
        "address": provider.address,
        "version": provider.version,
    }
    form = ProviderEditForm(request.POST or None, initial=initial)

    def save(data):
        data = dict(data)
        return directory.provider_update(
            actor=request.user, provider=provider, expected_version=data.pop("version"), **data
        )

    if submit(request, form, save, _("Changes saved.")):
        return redirect("cases:directory_manage")
    return _form_page(request, form, _("Edit %(name)s") % {"name": provider})


@requires("config.manage")
def provider_deactivate(request, pk):
    provider = get_object_or_404(ServiceProvider, pk=pk, is_voided=False)
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: directory.provider_set_active(
            actor=request.user, provider=provider, active=False, reason=data["reason"]
        ),
        _("%(name)s is no longer offered.") % {"name": provider},
    ):
        return redirect("cases:directory_manage")
    return _form_page(request, form, _("Deactivate %(name)s") % {"name": provider})


@requires("config.manage")
@require_POST
def provider_activate(request, pk):
    provider = get_object_or_404(ServiceProvider, pk=pk, is_voided=False)
    directory.provider_set_active(actor=request.user, provider=provider, active=True)
    messages.success(request, _("%(name)s is offered again.") % {"name": provider})
    return redirect("cases:directory_manage")


@requires("config.manage")
def service_types(request):
    form = ServiceTypeNewForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: directory.service_type_create(actor=request.user, **data),
        _("Service type added."),
    ):
        return redirect("cases:service_types")
    return render(
        request,
        "cases/directory/service_types.html",
        {"form": form, "types": ServiceType.objects.order_by("-is_active", "sort_order", "name")},
    )


@requires("config.manage")
def service_type_edit(request, pk):
    service_type = get_object_or_404(ServiceType, pk=pk)
    form = ServiceTypeForm(
        request.POST or None,
        initial={
            "name": service_type.name,
            "category": service_type.category,
            "sort_order": service_type.sort_order,
        },
    )
    if submit(
        request,
        form,
        lambda data: directory.service_type_update(
            actor=request.user, service_type=service_type, **data
        ),
        _("Changes saved."),
    ):
        return redirect("cases:service_types")
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": service_type}, back="cases:service_types"
    )


@requires("config.manage")
@require_POST
def service_type_toggle(request, pk):
    service_type = get_object_or_404(ServiceType, pk=pk)
    directory.service_type_update(
        actor=request.user, service_type=service_type, is_active=not service_type.is_active
    )
    messages.success(request, _("Changes saved."))
    return redirect("cases:service_types")
