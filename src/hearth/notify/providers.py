"""Reminder providers for things this app can see without knowing about casework.
Casework registers its own (coming due, overdue) from the cases app."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hearth.core import clock
from hearth.notify.reminders import Reminder

TOKEN_WARNING_DAYS = 7


def _token_title(token):
    def text():
        expires = formats.date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")
        return _("Your API token “%(name)s” expires on %(date)s") % {
            "name": token.name,
            "date": expires,
        }

    return text


def api_tokens_expiring(today: dt.date):
    """Remind a token's owner once when it will expire within a week, so scripts
    that depend on it can be given a new one in time."""
    from hearth.accounts.models import ApiToken

    end = timezone.make_aware(
        dt.datetime.combine(today + dt.timedelta(days=TOKEN_WARNING_DAYS + 1), dt.time.min)
    )
    tokens = ApiToken.objects.select_related("user").filter(
        revoked_at__isnull=True,
        expires_at__gt=clock.now(),
        expires_at__lt=end,
        user__is_active=True,
    )
    profile = reverse("accounts:profile")
    for token in tokens:
        yield Reminder(
            user=token.user,
            kind="api_token_expiring",
            title=_token_title(token),
            link=profile,
            due_date=timezone.localdate(token.expires_at),
            key=f"api-token-expiring:{token.pk}",
        )
