"""The user's own two-factor pages: set up, see the state, switch off, new recovery codes."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hearth.access.decorators import signed_in
from hearth.accounts import two_factor
from hearth.accounts.forms import CodeForm
from hearth.core.errors import HearthError
from hearth.web.forms import show_errors

# The secret being set up lives in the (server-side) session until a code proves
# the phone holds it; nothing is stored on the user before that.
ENROL_KEY = "hearth_totp_enrol_key"


def _recovery_codes_page(request, codes):
    # Every view that shows codes or the secret is never_cache (no-store).
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@signed_in
@never_cache
def two_factor_page(request):
    user = request.user
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": two_factor.has_two_factor(user),
            "required": two_factor.required_for(user),
            "codes_left": two_factor.recovery_codes_left(user),
            # Two forms on one page: distinct ids, same field name.
            "renew_form": CodeForm(auto_id="renew_%s"),
            "off_form": CodeForm(auto_id="off_%s"),
        },
    )


@signed_in
@never_cache
def two_factor_enrol(request):
    user = request.user
    if two_factor.has_two_factor(user):
        messages.info(
            request,
            _("Two-factor sign-in is already on. Switch it off first to move it to another phone."),
        )
        return redirect("accounts:two_factor")
    key = request.session.get(ENROL_KEY) or two_factor.new_key()
    request.session[ENROL_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.enrol(actor=user, key=key, code=form.cleaned_data["code"])
        except HearthError as error:
            show_errors(form, error)
        else:
            request.session.pop(ENROL_KEY, None)
            django_otp.login(request, device)
            return _recovery_codes_page(request, codes)
    uri = two_factor.provisioning_uri(user, key)
    context = {
        "form": form,
        # Drawn by segno from our own URI, not from anything a user typed.
        "qr": mark_safe(two_factor.qr_svg(uri)),  # noqa: S308
        "secret": two_factor.secret_for_people(key),
        "required": two_factor.required_for(user),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@signed_in
@require_POST
def two_factor_disable(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor.disable(actor=request.user, code=form.cleaned_data["code"])
        except HearthError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Two-factor sign-in is off."))
    else:
        messages.error(request, _("Type a current code to switch two-factor sign-in off."))
    return redirect("accounts:two_factor")


@signed_in
@require_POST
@never_cache
def recovery_codes_renew(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            codes = two_factor.recovery_codes_renew(
                actor=request.user, code=form.cleaned_data["code"]
            )
        except HearthError as error:
            messages.error(request, error.message)
        else:
            return _recovery_codes_page(request, codes)
    else:
        messages.error(request, _("Type a current code to get new recovery codes."))
    return redirect("accounts:two_factor")
