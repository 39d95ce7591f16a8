"""Two-factor sign-in, enforced on every request.

- A signed-in session that was not verified by a code, for a user who has an
  authenticator (say, a session opened before they set it up), is signed out.
- A user who must use two-factor sign-in and has not set it up may only reach
  the set-up page, sign out and switch language until they have.

The answer for a session that passed is remembered in it for a minute, so most
requests cost nothing here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.accounts import two_factor
from hearth.core import clock

CHECKED = "hearth_2fa_checked_until"
RECHECK_SECONDS = 60
ALWAYS_OPEN = ("accounts:two_factor_enrol", "accounts:logout", "web:language")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            refused = self.refuse(request, user)
            if refused is not None:
                return refused
        return self.get_response(request)

    def refuse(self, request, user):
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        now = clock.now().timestamp()
        if request.session.get(CHECKED, 0) > now:
            return None
        if two_factor.has_two_factor(user):
            logout(request)
            messages.info(request, _("Sign in again with your password and a code."))
            return redirect_to_login(request.get_full_path())
        if not two_factor.required_for(user):
            request.session[CHECKED] = now + RECHECK_SECONDS
            return None
        if request.path in {reverse(name) for name in ALWAYS_OPEN}:
            return None
        message = _("Your role requires two-factor sign-in. Set it up before going on.")
        if request.path.startswith("/api/"):
            return JsonResponse({"message": message}, status=403)
        return redirect("accounts:two_factor_enrol")


class PasswordChangeMiddleware:
    """Someone signed in with a one-time password (a new account, or a reset by an
    administrator) must choose their own before anything else: every page sends
    them to the password form, except signing out, switching language and setting
    up two-factor sign-in. API calls with the session are refused the same way;
    personal tokens are separate credentials and unaffected."""

    OPEN = ("accounts:password_change", *ALWAYS_OPEN)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path not in {reverse(name) for name in self.OPEN}
        ):
            message = _("Choose your own password before going on.")
            if request.path.startswith("/api/"):
                return JsonResponse({"message": message}, status=403)
            messages.info(request, message)
            return redirect("accounts:password_change")
        return self.get_response(request)
