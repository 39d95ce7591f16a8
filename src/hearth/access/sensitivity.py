"""Field sensitivity (B5). Every field has a level; a role's clearance is the highest
level it may read. Above it, the value is replaced by a mask in pages, API
responses, exports, reports and the audit trail alike: all of them ask here.

Levels:
  0 basic         status, dates, sex, area - what counts and lists need
  1 identifying   names, birth dates, identifiers, contacts, addresses
  2 sensitive     protection concerns in detail, health, disability, case notes
  3 restricted    sexual violence details, HIV status, what a court sealed
"""

from __future__ import annotations

import time
from enum import IntEnum

from django.utils.translation import gettext_lazy as _

from hearth.access import policy


class Level(IntEnum):
    BASIC = 0
    IDENTIFYING = 1
    SENSITIVE = 2
    RESTRICTED = 3


LEVEL_NAMES = {
    Level.BASIC: _("Basic"),
    Level.IDENTIFYING: _("Identifying"),
    Level.SENSITIVE: _("Sensitive"),
    Level.RESTRICTED: _("Restricted"),
}

MASK = "•••"

_declared: dict[tuple[str, str], int] = {}
_overrides: dict[tuple[str, str], int] = {}
_loaded_at = 0.0
CACHE_SECONDS = 30


def declare(model_label: str, **fields: Level) -> None:
    """Declare default levels: declare("registry.person", phone=Level.IDENTIFYING)."""
    for name, level in fields.items():
        _declared[(model_label, name)] = int(level)


def declared() -> dict[tuple[str, str], int]:
    return dict(_declared)


def forget_overrides() -> None:
    global _loaded_at
    _loaded_at = 0.0


def _current_overrides() -> dict[tuple[str, str], int]:
    """Administrators' overrides, re-read at most every CACHE_SECONDS (each process
    keeps its own copy; the process that saves one forgets its copy at once)."""
    global _overrides, _loaded_at
    if time.monotonic() - _loaded_at > CACHE_SECONDS:
        from hearth.access.models import FieldSensitivity

        _overrides = {
            (row.model_label, row.field): row.level for row in FieldSensitivity.objects.all()
        }
        _loaded_at = time.monotonic()
    return _overrides


def overrides() -> dict[tuple[str, str], int]:
    return dict(_current_overrides())


def level_of(model_label: str, field: str) -> int:
    key = (model_label, field)
    return _current_overrides().get(key, _declared.get(key, Level.BASIC))


# Questions of configurable forms carry their level in the form's schema; an
# administrator's override of one applies to every version of the form. They are
# kept under the label "form:<form code>" and the question's path without row
# numbers ("risks.identified.severity").
FORM_PREFIX = "form:"


def form_label(form_code: str) -> str:
    return f"{FORM_PREFIX}{form_code}"


def question_key(path: str) -> str:
    """ "risks.identified.0.severity" -> "risks.identified.severity"."""
    return ".".join(part for part in path.split(".") if not part.isdigit())


def question_level(form_code: str, path: str, declared: int) -> int:
    """The level of a form question: an override if there is one, else the schema's."""
    key = (form_label(form_code), question_key(path))
    return _current_overrides().get(key, declared)


def readable(user, model_label: str, field: str) -> bool:
    return level_of(model_label, field) <= policy.clearance_of(user)


def value(user, obj, field: str):
    """The field's value for this reader, or the mask."""
    if readable(user, obj._meta.label_lower, field):
        return getattr(obj, field)
    return MASK


def audit_changes(model_label: str, changes: dict, max_level: int = Level.IDENTIFYING) -> dict:
    """Changes as the audit trail keeps them: above `max_level` only the fact of a
    change is kept, never the values, so the trail is not a second copy of the
    most sensitive data."""
    return {
        field: (pair if level_of(model_label, field) <= max_level else [MASK, MASK])
        for field, pair in changes.items()
    }
