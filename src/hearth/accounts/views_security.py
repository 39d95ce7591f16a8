"""Administrators' sign-in security pages: locked accounts, and one user's
lockout and two-factor state with the means to unlock and reset."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.accounts import lockout, two_factor
from hearth.accounts.forms import ReasonForm, UnlockForm
from hearth.accounts.models import User
from hearth.core.errors import HearthError
from hearth.web.forms import submit

UNLOCKED = _("The account was unlocked: the person can sign in again.")


@requires("user.manage")
def locked_list(request):
    form = UnlockForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: lockout.unlock(actor=request.user, username=data["username"]),
        str(UNLOCKED),
    ):
        return redirect("accounts:locked_list")
    locks = lockout.locked_out()
    known = {
        u.username: u
        for u in policy.visible(request.user, User, "user.manage").filter(
            username__in=[row["username"] for row in locks]
        )
    }
    rows = [{**row, "user": known.get(row["username"])} for row in locks]
    return render(request, "accounts/locked_list.html", {"rows": rows, "form": form})


def _subject(request, pk) -> User:
    return policy.get_for(request.user, User, pk, "user.manage")


def _security_page(request, user, reset_form=None):
    context = {
        "subject": user,
        "locks": lockout.locked_out(user.username),
        "has_two_factor": two_factor.has_two_factor(user),
        "required": two_factor.required_for(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "reset_form": reset_form or ReasonForm(),
    }
    return render(request, "accounts/user_security.html", context)


@requires("user.manage")
def user_security(request, pk):
    return _security_page(request, _subject(request, pk))


@requires("user.manage")
@require_POST
def user_unlock(request, pk):
    user = _subject(request, pk)
    try:
        lockout.unlock(actor=request.user, username=user.username)
    except HearthError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, UNLOCKED)
    return redirect("accounts:user_security", pk=user.pk)


@requires("user.manage")
@require_POST
def user_two_factor_reset(request, pk):
    user = _subject(request, pk)
    form = ReasonForm(request.POST)
    if submit(
        request,
        form,
        lambda data: two_factor.reset_for(actor=request.user, user=user, reason=data["reason"]),
        _(
            "Two-factor sign-in was reset. The person signs in with their password "
            "and sets it up again."
        ),
    ):
        return redirect("accounts:user_security", pk=user.pk)
    return _security_page(request, user, reset_form=form)
