"""Reads of notifications. They are personal: every read starts from the user's own
rows. No role widens this (a supervisor does not read a worker's notifications),
which is why these do not go through the role-scoped `policy.visible`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hearth.core.errors import NotFound
from hearth.notify import kinds
from hearth.notify.models import Notification, NotificationPreference


def own(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def own_one(user, pk) -> Notification:
    """One of the user's notifications. Someone else's is "not found", like a missing
    one, so ids cannot be probed."""
    try:
        return own(user).get(pk=pk)
    except (Notification.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound(_("Not found.")) from exc


def unread_count(user) -> int:
    """One COUNT on a partial index: cheap enough for every page's header."""
    return own(user, unread_only=True).count()


def email_choices(user) -> dict[str, bool]:
    """Kind -> whether `user` gets email for it (their choice, else the default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {k.code: chosen.get(k.code, k.default_email) for k in kinds.all_kinds()}


def wanting_email(user_ids, kind: str) -> set:
    """Of `user_ids`, those who get email for `kind`."""
    default = kinds.get(kind).default_email
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "email"
        )
    )
    return {pk for pk in user_ids if chosen.get(pk, default)}
