"""Administrators' pages for the access policy's configuration: roles and field
sensitivity (B4, B5). Configuration only: nothing here shows case content."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hearth.access import fields, services
from hearth.access.decorators import requires
from hearth.access.forms import RoleForm, SensitivityForm
from hearth.access.permissions import PERMISSIONS
from hearth.access.sensitivity import LEVEL_NAMES
from hearth.web.forms import submit


def _roles():
    from hearth.accounts.models import Role
    from hearth.accounts.system import SYSTEM_ROLE

    # The system role (commands and jobs) is not a role people hold: never shown.
    return Role.objects.exclude(code=SYSTEM_ROLE)


@requires("role.manage")
def role_list(request):
    roles = _roles().annotate(holders=Count("users", filter=Q(users__is_active=True)))
    return render(request, "access/role_list.html", {"roles": roles, "total": len(PERMISSIONS)})


@requires("role.manage")
def role_create(request):
    form = RoleForm(request.POST or None, creating=True, initial={"scope": "own"})

    def create(data):
        return services.role_create(actor=request.user, code=data["code"], **form.role_fields())

    role = submit(request, form, create, _("Role created."))
    if role:
        return redirect("access:role_list")
    return render(request, "access/role_form.html", {"form": form, "role": None})


@requires("role.manage")
def role_edit(request, code):
    role = _roles().filter(code=code).first()
    if role is None:
        raise Http404
    form = RoleForm(request.POST or None, initial=RoleForm.initial_for(role))
    if submit(
        request,
        form,
        lambda data: services.role_update(actor=request.user, role=role, **form.role_fields()),
        _("Role saved. Everyone who holds it has the new rights from their next page."),
    ):
        return redirect("access:role_list")
    holders = role.users.filter(is_active=True).order_by("first_name", "last_name")
    return render(
        request,
        "access/role_form.html",
        {"form": form, "role": role, "holders": holders[:50], "holder_count": holders.count()},
    )


@requires("role.manage")
def sensitivity_list(request):
    rows = fields.inventory()
    shown = request.GET.get("show", "")
    if shown == "forms":
        rows = [r for r in rows if r.is_form]
    elif shown == "records":
        rows = [r for r in rows if not r.is_form]
    elif shown == "changed":
        rows = [r for r in rows if r.override is not None]
    return render(
        request,
        "access/sensitivity_list.html",
        {"rows": rows, "levels": LEVEL_NAMES, "show": shown},
    )


@requires("role.manage")
def sensitivity_edit(request):
    params = request.POST if request.method == "POST" else request.GET
    label, name = params.get("label", ""), params.get("field", "")
    row = fields.row_for(label, name)
    if row is None:
        raise Http404
    if request.method == "POST" and request.POST.get("reset"):
        services.field_sensitivity_reset(actor=request.user, model_label=label, field=name)
        messages.success(request, _("Back to the default level."))
        return redirect("access:sensitivity_list")
    form = SensitivityForm(request.POST or None, initial={"level": row.level})
    if submit(
        request,
        form,
        lambda data: services.field_sensitivity_set(
            actor=request.user, model_label=label, field=name, level=data["level"]
        ),
        _("Level saved. Readers without the clearance see a mask from now on."),
    ):
        return redirect("access:sensitivity_list")
    return render(
        request, "access/sensitivity_form.html", {"form": form, "row": row, "levels": LEVEL_NAMES}
    )
