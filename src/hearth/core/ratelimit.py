"""Rate limits: at most N requests a minute per key (an IP address, an API token).

A fixed one-minute window counted in Django's cache, which every web process
shares (the database by default, Redis when configured). Counting is not
perfectly atomic on the database cache, so a burst from several processes may
slip a request or two past the limit; that is fine for its purpose, which is to
make guessing passwords and scraping slow, not to meter anyone exactly."""

from __future__ import annotations

import hashlib
import math

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from hearth.core import clock, config
from hearth.core.errors import HearthError

WINDOW = 60

config.register(
    "security.signin_rate_per_minute",
    20,
    _("Sign-in attempts accepted per minute from one address (0: no limit)."),
)
config.register(
    "security.api_rate_per_minute",
    120,
    _("API calls accepted per minute with one token (0: no limit)."),
)


class RateLimited(HearthError):
    status = 429

    def __init__(self, message, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def hit(bucket: str, key: str, per_minute: int) -> int | None:
    """Count one request for `key` in `bucket`. None while within `per_minute`;
    past it, the seconds until the window ends (for Retry-After)."""
    if per_minute <= 0:
        return None
    now = clock.now().timestamp()
    window = int(now // WINDOW)
    digest = hashlib.sha256(f"{bucket}\n{key}".encode()).hexdigest()[:32]
    cache_key = f"hearth:rate:{bucket}:{digest}:{window}"
    if cache.add(cache_key, 1, timeout=WINDOW * 2):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=WINDOW * 2)
            count = 1
    if count <= per_minute:
        return None
    return max(1, math.ceil((window + 1) * WINDOW - now))


def check(bucket: str, key: str, setting: str, message) -> None:
    """Raise RateLimited when `key` went past the limit configured as `setting`."""
    retry_after = hit(bucket, key, int(config.get(setting)))
    if retry_after is not None:
        raise RateLimited(message, retry_after=retry_after)
