"""Sign-in lockout (django-axes): after HEARTH_LOCKOUT_FAILURES wrong passwords for
one username from one address, that pair is refused for HEARTH_LOCKOUT_HOURS.
An administrator can lift it early."""

from __future__ import annotations

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record
from hearth.core.errors import HearthError


def _recent():
    # axes stamps attempts with the real time, so the cut-off uses it too.
    cool_off = get_cool_off()
    qs = AccessAttempt.objects.all()
    return qs.filter(attempt_time__gte=timezone.now() - cool_off) if cool_off else qs


def locked_out(username: str | None = None) -> list[dict]:
    """Username and address pairs refused now, newest first."""
    qs = _recent()
    if username is not None:
        qs = qs.filter(username=username)
    return list(
        qs.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )


def failures_of(username: str) -> int:
    return _recent().filter(username=username).aggregate(n=Sum("failures_since_start"))["n"] or 0


@transaction.atomic
def unlock(*, actor, username: str) -> int:
    """Forget the failed sign-ins of `username` (from every address), so they can
    try again at once. Returns how many attempt records were cleared."""
    policy.require(actor, "user.manage")
    username = (username or "").strip()
    if not username:
        raise HearthError(_("Which username?"), field="username")
    cleared = reset(username=username)
    if not cleared:
        raise HearthError(_("No failed sign-ins are recorded for this username."), field="username")
    user = get_user_model().objects.filter(username=username).first()
    record(
        actor=actor,
        action="auth.unlock",
        target=user,
        object_type="" if user else "accounts.user",
        object_label="" if user else username,
        detail={"username": username, "attempts_cleared": cleared},
    )
    return cleared
