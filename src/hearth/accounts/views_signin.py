"""Signing in: the password, then - for whoever has an authenticator - a code.

Between the two steps the user is NOT signed in: the session only remembers who
gave a right password, for a few minutes and a few tries. Sign-in attempts are
rate-limited per address; repeated wrong passwords lock the username for that
address (django-axes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hearth.access.decorators import public, signed_in
from hearth.accounts import two_factor
from hearth.accounts.forms import CodeForm
from hearth.audit.context import client_ip
from hearth.audit.models import AuditEvent
from hearth.audit.services import record
from hearth.core import clock, ratelimit

PENDING = "hearth_signin_pending"
PENDING_SECONDS = 300
MAX_CODE_TRIES = 5


def rate_limited(request):
    """The 429 page when this address has tried to sign in too often this minute."""
    try:
        ratelimit.check(
            "signin",
            client_ip(request) or "unknown",
            "security.signin_rate_per_minute",
            _("Too many sign-in attempts from your network. Wait a minute and try again."),
        )
    except ratelimit.RateLimited as limited:
        response = render(
            request,
            "accounts/rate_limited.html",
            {"message": limited.message, "retry_after": limited.retry_after},
            status=429,
        )
        response["Retry-After"] = str(limited.retry_after)
        return response
    return None


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or clock.now().timestamp() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@method_decorator(public, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        return rate_limited(request) or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.has_two_factor(user):
            self.request.session[PENDING] = {
                "user": str(user.pk),
                "backend": user.backend,
                "next": self.get_success_url(),
                "since": clock.now().timestamp(),
                "tries": 0,
            }
            return redirect("accounts:login_code")
        response = super().form_valid(form)
        if two_factor.required_for(user):
            return redirect("accounts:two_factor_enrol")
        return response


@public
@never_cache
def login_code(request):
    """Second step: the code from the authenticator app, or a recovery code."""
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Sign in again: the first step timed out."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        limited = rate_limited(request)
        if limited:
            return limited
    if request.method == "POST" and form.is_valid():
        wait = two_factor.wait_seconds(user)
        if wait:
            # Checked first: a right code typed too soon must not count as wrong.
            form.add_error("code", two_factor.wait_message(wait))
            return render(request, "accounts/login_code.html", {"form": form})
        device = two_factor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            return _finish(request, user, pending, device)
        pending["tries"] += 1
        request.session[PENDING] = pending
        record(
            actor=None,
            actor_label=user.get_username(),
            action="auth.2fa_failed",
            target=user,
            outcome=AuditEvent.Outcome.DENIED,
            detail={"tries": pending["tries"]},
        )
        if pending["tries"] >= MAX_CODE_TRIES:
            request.session.pop(PENDING, None)
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("accounts:login")
        form.add_error("code", _("That code is not right."))
    return render(request, "accounts/login_code.html", {"form": form})


def _finish(request, user, pending, device):
    request.session.pop(PENDING, None)
    # django-otp marks the session verified from user.otp_device when login() runs,
    # so the sign-in event already knows which second factor was used.
    user.otp_device = device
    auth_login(request, user, backend=pending["backend"])
    if device.__class__.__name__ == "StaticDevice":
        left = two_factor.recovery_codes_left(user)
        messages.warning(
            request,
            _(
                "You signed in with a recovery code; %(n)s left. If your phone is lost, "
                "set up two-factor sign-in again now."
            )
            % {"n": left},
        )
    return redirect(pending["next"])


login = public(SignInView.as_view())
logout = public(auth_views.LogoutView.as_view())


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        from hearth.accounts.users import password_spent

        response = super().form_valid(form)
        password_spent(self.request.user)
        record(actor=self.request.user, action="auth.password_change", target=self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response


password_change = signed_in(PasswordChangeView.as_view())
