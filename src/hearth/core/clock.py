"""The one place Hearth asks what time it is, so tests can stand still in time."""

import datetime as dt

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


def start_of(day: dt.date) -> dt.datetime:
    """The first moment of `day` in the deployment's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def freeze(moment: dt.datetime | None) -> None:
    """Tests only: pin now() to a moment (None to let time run again)."""
    global _frozen
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    _frozen = moment
