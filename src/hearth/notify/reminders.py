"""Scheduled reminders: things coming due, overdue, or about to expire.

Apps register providers; once a day (`tasks.send_reminders`, or the
`hearth send-reminders` command under cron) every provider is asked what is due
and each reminder goes to its user once, ever, per key (see
`services.reminders_send`). Deadlines stay data on their own rows ("overdue is a
query"); a provider is just that query, phrased as reminders:

    def overdue_follow_ups(today):
        for f in FollowUp.objects.filter(due_on__lt=today, done_on__isnull=True):
            yield Reminder(user=f.case.owner, kind="overdue", title=..., link=...,
                           case_id=f.case_id, due_date=f.due_on,
                           key=f"follow-up-overdue:{f.pk}")

    reminders.register("overdue_follow_ups", overdue_follow_ups)
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    user: Any
    kind: str
    # Lazy text or a callable, rendered in the user's language (see notify.language).
    title: Any
    link: str = ""
    case_id: uuid.UUID | None = None
    due_date: dt.date | None = None
    # Names the thing and the occasion. A key is sent to a user once; put the due
    # date in it when a changed deadline deserves a fresh reminder.
    key: str = ""
    body: Any = ""


KEY_LENGTH = 200  # ReminderSent.key

Provider = Callable[[dt.date], Iterable[Reminder]]

_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _providers[name] = provider


def registered() -> dict[str, Provider]:
    return dict(_providers)


def due(today: dt.date) -> Iterator[Reminder]:
    """Every provider's reminders for `today`. One broken provider is logged and
    skipped, so it cannot stop everyone else's reminders."""
    for name, provider in _providers.items():
        try:
            found = list(provider(today))
        except Exception:
            log.exception("reminder provider %s failed", name)
            continue
        for reminder in found:
            if not 0 < len(reminder.key) <= KEY_LENGTH:
                raise ValueError(f"reminder provider {name} gave a key that is empty or too long")
            yield reminder
