"""Personal API tokens. The token is shown once at creation; only its SHA-256 digest
is kept (tokens are long and random, so a fast hash is enough)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.accounts.models import ApiToken, User
from hearth.audit.services import record
from hearth.core import clock
from hearth.core.errors import HearthError

PREFIX = "hth_"
MAX_DAYS = 365


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: User, name: str, days: int | None = 90, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Create a token for the acting user. Returns the row and the raw token, which
    is never stored and cannot be shown again."""
    policy.require(actor, "api.use")
    name = (name or "").strip()
    if not name:
        raise HearthError(_("Give the token a name, so you recognise it later."), field="name")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise HearthError(
            _("A token lasts between 1 and %(n)s days.") % {"n": MAX_DAYS}, field="days"
        )
    raw = PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:80],
        prefix=raw[:12],
        digest=digest(raw),
        read_only=read_only,
        created_at=now,
        expires_at=now + dt.timedelta(days=days) if days else None,
    )
    record(
        actor=actor,
        action="api.token_create",
        target=token,
        detail={"expires_at": token.expires_at, "read_only": read_only},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not policy.has_perm(actor, "user.manage"):
        raise HearthError(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="api.token_revoke", target=token)
    return token


def user_for_token(raw: str) -> User | None:
    """The active user a live token belongs to, or None."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at__isnull=True)
        .first()
    )
    now = clock.now()
    if token is None or (token.expires_at and token.expires_at <= now):
        return None
    if not token.user.is_active or not policy.has_perm(token.user, "api.use"):
        return None
    last = token.last_used_at
    first_today = last is None or timezone.localdate(last) != timezone.localdate(now)
    if first_today or (last is not None and now - last > dt.timedelta(minutes=5)):
        # Only now and then: a write on every call would serialise the API. The
        # update matches only the value read, so of two calls racing to be the
        # first of the day exactly one records it.
        moved = ApiToken.objects.filter(pk=token.pk, last_used_at=last).update(last_used_at=now)
        if moved and first_today:
            record(
                actor=token.user,
                action="api.token_use",
                target=token,
                detail={"read_only": token.read_only},
            )
    token.user.api_token = token  # type: ignore[attr-defined]
    return token.user
