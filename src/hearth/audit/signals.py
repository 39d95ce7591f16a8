"""Sign-in, sign-out and failed sign-in go to the audit trail (B6)."""

from django.contrib.auth import signals
from django.dispatch import receiver

from hearth.audit.models import AuditEvent
from hearth.audit.services import record


@receiver(signals.user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(actor=user, action="auth.login", target=user)


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
    )
