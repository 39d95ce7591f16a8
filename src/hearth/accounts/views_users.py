"""User management pages (permission "user.manage"): the list with filters, a
person's page, creating, changing, deactivating and reactivating accounts, and
password resets. One-time passwords are shown once, on the page that made them,
and never stored anywhere but as a hash."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.accounts import two_factor, users
from hearth.accounts.forms_users import DeactivateForm, UserFilterForm, UserForm
from hearth.core.errors import HearthError
from hearth.web.forms import submit


@requires("user.manage")
def user_list(request):
    form = UserFilterForm(request.GET or None)
    qs = users.users_for(request.user).select_related("agency", "team").prefetch_related("roles")
    status = "active"
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"] or "active"
        text = data["q"].strip()
        if text:
            qs = qs.filter(
                Q(username__icontains=text)
                | Q(first_name__icontains=text)
                | Q(last_name__icontains=text)
                | Q(email__icontains=text)
            )
        if data["agency"]:
            qs = qs.filter(agency=data["agency"])
        if data["role"]:
            qs = qs.filter(roles=data["role"])
    if status != "all":
        qs = qs.filter(is_active=status == "active")
    page = Paginator(qs.distinct().order_by("first_name", "last_name", "username"), 50)
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page.get_page(request.GET.get("page"))},
    )


def _password_page(request, user, password, created: bool):
    response = render(
        request,
        "accounts/user_password.html",
        {"subject": user, "password": password, "created": created},
    )
    response["Cache-Control"] = "no-store"
    return response


@requires("user.manage")
@never_cache
def user_create(request):
    form = UserForm(request.POST or None, creating=True)
    made = submit(
        request,
        form,
        lambda data: users.user_create(actor=request.user, **data),
        _("Account created."),
    )
    if made:
        user, password = made
        return _password_page(request, user, password, created=True)
    return render(request, "accounts/user_form.html", {"form": form, "subject": None})


def _detail_page(request, user, deactivate_form=None):
    policy.forget(user)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "roles": user.roles.all(),
            "areas": user.locations.order_by("path"),
            "has_two_factor": two_factor.has_two_factor(user),
            "deactivate_form": deactivate_form or DeactivateForm(),
            "permissions": sorted(policy.permissions_of(user)),
        },
    )


@requires("user.manage")
def user_detail(request, pk):
    return _detail_page(request, users.user_for(request.user, pk))


@requires("user.manage")
def user_edit(request, pk):
    user = users.user_for(request.user, pk)
    form = UserForm(request.POST or None, initial=UserForm.initial_for(user))
    if submit(
        request,
        form,
        lambda data: users.user_update(actor=request.user, user=user, **data),
        _("Changes saved."),
    ):
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "subject": user})


@requires("user.manage")
@require_POST
def user_deactivate(request, pk):
    user = users.user_for(request.user, pk)
    form = DeactivateForm(request.POST)
    if submit(
        request,
        form,
        lambda data: users.user_deactivate(actor=request.user, user=user, reason=data["reason"]),
        _("The account is deactivated: the person can no longer sign in."),
    ):
        return redirect("accounts:user_detail", pk=user.pk)
    user.refresh_from_db()
    return _detail_page(request, user, form)


@requires("user.manage")
@require_POST
def user_reactivate(request, pk):
    user = users.user_for(request.user, pk)
    try:
        users.user_reactivate(actor=request.user, user=user)
    except HearthError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The account is active again."))
    return redirect("accounts:user_detail", pk=user.pk)


@requires("user.manage")
@require_POST
@never_cache
def user_password_reset(request, pk):
    user = users.user_for(request.user, pk)
    try:
        password = users.user_password_reset(actor=request.user, user=user)
    except HearthError as error:
        messages.error(request, error.message)
        return redirect("accounts:user_detail", pk=user.pk)
    return _password_page(request, user, password, created=False)
