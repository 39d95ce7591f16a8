"""The register of facilities and foster carers (F4): lists and pages to read for
whoever may see care records; registration, licences, capacity and inspections
for whoever manages providers."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires, signed_in
from hearth.access.denials import record_denial
from hearth.care import queries
from hearth.care.forms_other import (
    CapacityBandForm,
    FacilityEditForm,
    FacilityForm,
    FosterCarerEditForm,
    FosterCarerForm,
    InspectionForm,
)
from hearth.care.models import CapacityBand, Facility, InspectionAction
from hearth.care.services import providers
from hearth.core import clock
from hearth.places.models import Location
from hearth.web.forms import submit


def _reading(user) -> str:
    """The permission through which this user reads the register."""
    return "care.view" if policy.has_perm(user, "care.view") else "facility.manage"


def register_reader(view):
    """The register is read by whoever may see care records (to place a child) and
    by whoever keeps it (an administrator may keep it without seeing any child)."""

    @signed_in
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not any(policy.has_perm(request.user, p) for p in ("care.view", "facility.manage")):
            record_denial(request.user, "care.view", request.path)
            raise PermissionDenied("care.view")
        return view(request, *args, **kwargs)

    return wrapper


def _page(request, form, title, back, **extra):
    return render(request, "care/form.html", {"form": form, "title": title, "back": back, **extra})


@register_reader
def facility_list(request):
    params = request.GET
    today = clock.today()
    qs = queries.facilities(request.user, _reading(request.user))
    text = params.get("q", "").strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(licence_number__icontains=text))
    area = Location.objects.filter(code=params.get("area", ""), is_voided=False).first()
    if area is not None:
        qs = qs.filter(location__path__startswith=area.path)
    if params.get("licence") == "expiring":
        qs = queries.licences_expiring(request.user, permission=_reading(request.user)).filter(
            pk__in=qs.values("pk")
        )
    if params.get("show") != "closed":
        qs = qs.filter(is_active=True)
    page = Paginator(qs, 50).get_page(params.get("page"))
    for facility in page:
        facility.licensed = facility.licensed_on(today)
        facility.vacant = max(facility.capacity - facility.occupied, 0)
    return render(
        request,
        "care/facility_list.html",
        {"page": page, "params": params, "area": area, "kinds": Facility.Kind.choices},
    )


@register_reader
def facility_detail(request, pk):
    facility = queries.facility_for(request.user, pk, _reading(request.user))
    today = clock.today()
    return render(
        request,
        "care/facility_detail.html",
        {
            "facility": facility,
            "licensed": facility.licensed_on(today),
            "vacant": max(facility.capacity - facility.occupied, 0),
            "bands": queries.band_occupancy(facility),
            "residents": queries.residents(request.user, facility),
            "inspections": queries.inspections_of(facility),
            "band_form": CapacityBandForm()
            if policy.can(request.user, "facility.manage", facility)
            else None,
        },
    )


@requires("facility.manage")
def facility_add(request):
    form = FacilityForm(request.POST or None)
    facility = submit(
        request,
        form,
        lambda data: providers.facility_create(actor=request.user, **data),
        _("Facility registered."),
    )
    if facility:
        return redirect("care:facility", pk=facility.pk)
    return _page(request, form, _("Register a facility"), "care:facilities")


@requires("facility.manage")
def facility_edit(request, pk):
    facility = queries.facility_for(request.user, pk, "facility.manage")
    form = FacilityEditForm(
        request.POST or None, instance=facility, initial={"version": facility.version}
    )

    def save(data):
        data = dict(data)
        version = data.pop("version")
        return providers.facility_update(
            actor=request.user, facility=facility, expected_version=version, **data
        )

    if submit(request, form, save, _("Changes saved.")):
        return redirect("care:facility", pk=facility.pk)
    return _page(request, form, _("Edit the facility"), "care:facilities", obj=facility)


@requires("facility.manage")
def band_add(request, pk):
    facility = queries.facility_for(request.user, pk, "facility.manage")
    form = CapacityBandForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: providers.capacity_band_add(actor=request.user, facility=facility, **data),
        _("Capacity band added."),
    ):
        return redirect("care:facility", pk=facility.pk)
    return _page(request, form, _("Add a capacity band"), "care:facilities", obj=facility)


@requires("facility.manage")
@require_POST
def band_remove(request, pk, band_pk):
    facility = queries.facility_for(request.user, pk, "facility.manage")
    band = get_object_or_404(CapacityBand, pk=band_pk, facility=facility, is_voided=False)
    providers.capacity_band_remove(actor=request.user, band=band)
    messages.success(request, _("Capacity band removed."))
    return redirect("care:facility", pk=facility.pk)


@register_reader
def carer_list(request):
    today = clock.today()
    qs = queries.foster_carers(request.user, _reading(request.user))
    if request.GET.get("show") != "inactive":
        qs = qs.filter(is_active=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for carer in page:
        carer.licensed = carer.licensed_on(today)
    return render(request, "care/carer_list.html", {"page": page, "params": request.GET})


@register_reader
def carer_detail(request, pk):
    carer = queries.foster_carer_for(request.user, pk, _reading(request.user))
    return render(
        request,
        "care/carer_detail.html",
        {
            "carer": carer,
            "licensed": carer.licensed_on(clock.today()),
            "residents": queries.residents(request.user, carer),
            "inspections": queries.inspections_of(carer),
        },
    )


@requires("facility.manage")
def carer_add(request):
    form = FosterCarerForm(request.POST or None, user=request.user)
    carer = submit(
        request,
        form,
        lambda data: providers.foster_carer_create(actor=request.user, **data),
        _("Foster carer registered."),
    )
    if carer:
        return redirect("care:carer", pk=carer.pk)
    return _page(request, form, _("Register a foster carer"), "care:carers")


@requires("facility.manage")
def carer_edit(request, pk):
    carer = queries.foster_carer_for(request.user, pk, "facility.manage")
    form = FosterCarerEditForm(
        request.POST or None, instance=carer, user=request.user, initial={"version": carer.version}
    )

    def save(data):
        data = dict(data)
        version = data.pop("version")
        return providers.foster_carer_update(
            actor=request.user, carer=carer, expected_version=version, **data
        )

    if submit(request, form, save, _("Changes saved.")):
        return redirect("care:carer", pk=carer.pk)
    return _page(request, form, _("Edit the foster carer"), "care:carers", obj=carer)


def _inspect(request, provider, back_name):
    form = InspectionForm(request.POST or None)
    field = "facility" if isinstance(provider, Facility) else "foster_carer"
    if submit(
        request,
        form,
        lambda data: providers.inspection_record(
            actor=request.user, **{field: provider}, **form.service_fields()
        ),
        _("Inspection recorded."),
    ):
        return redirect(back_name, pk=provider.pk)
    return _page(request, form, _("Record an inspection"), back_name, obj=provider)


@requires("facility.manage")
def facility_inspect(request, pk):
    return _inspect(
        request, queries.facility_for(request.user, pk, "facility.manage"), "care:facility"
    )


@requires("facility.manage")
def carer_inspect(request, pk):
    return _inspect(
        request, queries.foster_carer_for(request.user, pk, "facility.manage"), "care:carer"
    )


@requires("facility.manage")
@require_POST
def action_done(request, pk):
    action = policy.get_for(
        request.user,
        InspectionAction,
        pk,
        "facility.manage",
        queryset=InspectionAction.objects.filter(is_voided=False).select_related("inspection"),
    )
    providers.inspection_action_done(actor=request.user, action=action)
    messages.success(request, _("Action marked as done."))
    if action.inspection.facility_id:
        return redirect("care:facility", pk=action.inspection.facility_id)
    return redirect("care:carer", pk=action.inspection.foster_carer_id)
