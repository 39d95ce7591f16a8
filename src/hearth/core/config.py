"""Deployment configuration with defaults in code and overrides in the database.

Apps register their defaults in DEFAULTS with a description; administrators change
them in the admin (core.Setting). Reading is one small query; while a page is
read (`remembering`, around every GET request) each key is read once."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import gettext_lazy as _

DEFAULTS: dict[str, tuple[object, str]] = {}

# Values read inside `remembering()`; None outside it.
_remembered: ContextVar[dict | None] = ContextVar("config_remembered", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within the block each setting is read from the database once. Around reads
    only (a GET request): a change made inside would not be seen by later reads."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def register(key: str, default, description) -> None:
    DEFAULTS[key] = (default, description)


def get(key: str):
    from hearth.core.models import Setting

    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    memo = _remembered.get()
    if memo is not None and key in memo:
        return memo[key]
    row = Setting.objects.filter(key=key).values_list("value", flat=True).first()
    value = DEFAULTS[key][0] if row is None else row
    if memo is not None:
        memo[key] = value
    return value


register("registry.adult_age", 18, _("Age in years from which a person is no longer a child."))
