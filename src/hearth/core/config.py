"""Deployment configuration with defaults in code and overrides in the database.

Apps register their defaults in DEFAULTS with a description; administrators change
them in the admin (core.Setting). Reading is cheap: one query per request at most."""

from django.utils.translation import gettext_lazy as _

DEFAULTS: dict[str, tuple[object, str]] = {}


def register(key: str, default, description) -> None:
    DEFAULTS[key] = (default, description)


def get(key: str):
    from hearth.core.models import Setting

    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    row = Setting.objects.filter(key=key).values_list("value", flat=True).first()
    return DEFAULTS[key][0] if row is None else row


register("registry.adult_age", 18, _("Age in years from which a person is no longer a child."))
