"""Writes to the location hierarchy."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record, record_change
from hearth.core import writes
from hearth.places.models import Location, LocationLevel


def _check_level(depth: int) -> None:
    if not LocationLevel.objects.filter(depth=depth).exists():
        raise ValidationError(
            _("No location level is defined at depth %(d)s; add it first.") % {"d": depth}
        )


@transaction.atomic
def location_create(*, actor, code: str, name: str, parent: Location | None = None) -> Location:
    policy.require(actor, "location.manage")
    location = Location(code=code.strip(), name=name.strip(), parent=parent)
    location.compute_path()
    _check_level(location.depth)
    writes.create(location, actor=actor)
    record_change(actor=actor, action="location.create", target=location, before=None)
    return location


@transaction.atomic
def location_update(
    *,
    actor,
    location: Location,
    code: str | None = None,
    name: str | None = None,
    parent: Location | None | bool = False,
    expected_version: int | None = None,
) -> Location:
    """Rename, recode or move a location. Its descendants' paths follow in one
    UPDATE; a location cannot move under itself."""
    policy.require(actor, "location.manage")
    before = writes.snapshot(location)
    old_path = location.path
    if code is not None:
        location.code = code.strip()
    if name is not None:
        location.name = name.strip()
    if parent is not False:
        if parent is not None and parent.path.startswith(old_path):
            raise ValidationError({"parent": _("A location cannot be moved under itself.")})
        location.parent = parent
    location.compute_path()
    _check_level(location.depth)
    writes.update(location, actor=actor, expected_version=expected_version)
    if location.path != old_path:
        _move_descendants(old_path, location.path, location.depth - before_depth(old_path))
    record_change(actor=actor, action="location.update", target=location, before=before)
    return location


def before_depth(path: str) -> int:
    return path.strip("/").count("/") + 1


def _move_descendants(old_path: str, new_path: str, depth_change: int) -> None:
    Location.objects.filter(path__startswith=old_path).exclude(path=new_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )


@transaction.atomic
def level_save(*, actor, depth: int, name: str) -> LocationLevel:
    """Name a level of the hierarchy (add it, or rename it). Levels are added top
    down: depth 3 needs depth 2."""
    policy.require(actor, "location.manage")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the level a name.")})
    if depth > 1 and not LocationLevel.objects.filter(depth=depth - 1).exists():
        raise ValidationError({"depth": _("Add level %(d)s first.") % {"d": depth - 1}})
    level, created = LocationLevel.objects.get_or_create(depth=depth, defaults={"name": name})
    before = {"name": None if created else level.name}
    level.name = name
    level.save()
    record(
        actor=actor,
        action="location.level_save",
        target=level,
        changes={"name": [before["name"], name]},
    )
    return level
