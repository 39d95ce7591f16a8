"""Helpers every service uses to write a row the same way: validate, stamp who and
when, bump the version, and report what changed for the audit trail.

They never check access or write the audit event themselves: the calling service
does both, so the rule it enforces is readable in one place."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from hearth.core import clock
from hearth.core.errors import Conflict, HearthError

# Rows derived from others (a case's open work items) are kept by a function each
# app registers per model: run after every create and update of such a row, in the
# same transaction, so no service can forget it.
_after_write: dict[type, list[Callable[[Any], object]]] = {}


def after_write(model: type, keep: Callable[[Any], object]) -> None:
    """Call `keep(obj)` after every `create` or `update` (void included) of `model`."""
    _after_write.setdefault(model, []).append(keep)


def _kept(obj: Any) -> None:
    for keep in _after_write.get(type(obj), ()):
        keep(obj)


def plain(value: Any) -> Any:
    """A JSON-friendly form of a field value, for audit changes and API payloads."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Field name -> plain value of the concrete fields (foreign keys by id)."""
    out = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        out[field.name] = plain(getattr(obj, field.attname))
    return out


def changes(before: dict[str, Any], after: dict[str, Any], ignore=frozenset()) -> dict:
    """{field: [old, new]} for fields whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if name not in ignore and before.get(name) != value
    }


def create(obj: Any, *, actor) -> Any:
    """Validate and insert a new HearthModel row stamped with its author."""
    actor_id = getattr(actor, "pk", None)
    obj.created_by_id = obj.updated_by_id = actor_id
    obj.created_at = obj.updated_at = clock.now()
    obj.full_clean()
    obj.save(force_insert=True)
    _kept(obj)
    return obj


def update(obj: Any, *, actor, expected_version: int | None = None) -> Any:
    """Validate and save a changed row, bumping its version.

    The UPDATE only matches the version the user started editing from; if another
    worker saved in between, nothing is written and a Conflict tells the user to
    reload. `expected_version` None means "the version this object was loaded at".
    """
    version = obj.version if expected_version is None else int(expected_version)
    obj.full_clean()
    obj.updated_at = clock.now()
    obj.updated_by_id = getattr(actor, "pk", None)
    values = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key
        and f.name not in ("created_at", "created_by")
        and f.name not in getattr(obj, "DERIVED_FIELDS", ())
    }
    values["version"] = version + 1
    matched = type(obj)._base_manager.filter(pk=obj.pk, version=version).update(**values)
    if not matched:
        raise Conflict(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload to see their changes, then make yours again."
            )
        )
    obj.version = version + 1
    _kept(obj)
    return obj


def void(obj: Any, *, actor, reason: str) -> Any:
    """Void instead of delete: the row stays, marked, with who, when and why."""
    reason = (reason or "").strip()
    if not reason:
        raise HearthError(_("Give a reason for voiding this record."), field="reason")
    if obj.is_voided:
        raise HearthError(_("This record is already voided."))
    obj.is_voided = True
    obj.void_reason = reason
    obj.voided_at = clock.now()
    obj.voided_by_id = getattr(actor, "pk", None)
    return update(obj, actor=actor)
