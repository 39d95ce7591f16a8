"""Sign-in, sign-out, failed sign-in and lockout go to the audit trail (B6)."""

from axes.signals import user_locked_out
from django.contrib.auth import signals
from django.dispatch import receiver

from hearth.audit.models import AuditEvent
from hearth.audit.services import record


@receiver(signals.user_logged_in)
def on_login(sender, request, user, **kwargs):
    device = getattr(user, "otp_device", None)
    detail = {"second_factor": type(device).__name__} if device is not None else {}
    record(actor=user, action="auth.login", target=user, detail=detail)


@receiver(signals.user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="auth.logout", target=user)


@receiver(signals.user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    record(
        actor=None,
        actor_label=str(credentials.get("username", ""))[:150],
        action="auth.login_failed",
        outcome=AuditEvent.Outcome.DENIED,
        detail={"locked_out": bool(getattr(request, "axes_locked_out", False))},
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record(
        actor=None,
        actor_label=str(username or "")[:150],
        action="auth.lockout",
        outcome=AuditEvent.Outcome.DENIED,
    )
