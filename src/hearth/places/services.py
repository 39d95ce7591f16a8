"""Writes to the location hierarchy."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record, record_change
from hearth.core import writes
from hearth.places.models import LEVEL_FIELDS, MAX_DEPTH, Location, LocationLevel


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
    check_levels_below: bool = True,
) -> Location:
    """Rename, recode or move a location. Its descendants' paths follow in one
    UPDATE; a location cannot move under itself, nor push the areas below it past
    the deepest level defined. (The CSV import checks levels on the hierarchy the
    whole file makes, since its lines move areas one at a time.)"""
    policy.require(actor, "location.manage")
    before = writes.snapshot(location)
    old_path = location.path
    if code is not None:
        location.code = code.strip()
    if name is not None:
        location.name = name.strip()
    if parent is not False:
        if parent is not None and parent.path.startswith(old_path):  # type: ignore[union-attr]
            raise ValidationError({"parent": _("A location cannot be moved under itself.")})
        location.parent = parent  # type: ignore[assignment]
    location.compute_path()
    _check_level(location.depth)
    depth_change = location.depth - before_depth(old_path)
    if depth_change > 0 and check_levels_below:
        # The areas below move down as much; the deepest must still land on a level.
        deepest = Location.objects.filter(path__startswith=old_path).aggregate(d=Max("depth"))["d"]
        if deepest and deepest + depth_change != location.depth:
            try:
                _check_level(deepest + depth_change)
            except ValidationError:
                raise ValidationError(
                    {
                        "parent": _(
                            "The areas below %(name)s would land at level %(d)s, which is not "
                            "defined; add that level first."
                        )
                        % {"name": location.name, "d": deepest + depth_change}
                    }
                ) from None
    writes.update(location, actor=actor, expected_version=expected_version)
    if location.path != old_path:
        _move_descendants(old_path, location.path, depth_change)
    record_change(actor=actor, action="location.update", target=location, before=before)
    return location


def before_depth(path: str) -> int:
    return path.strip("/").count("/") + 1


def _move_descendants(old_path: str, new_path: str, depth_change: int) -> None:
    Location.objects.filter(path__startswith=old_path).exclude(path=new_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    moved = list(Location.objects.filter(path__startswith=new_path))
    for location in moved:
        location.set_levels()
    Location.objects.bulk_update(moved, LEVEL_FIELDS)


@transaction.atomic
def level_save(*, actor, depth: int, name: str) -> LocationLevel:
    """Name a level of the hierarchy (add it, or rename it). Levels are added top
    down: depth 3 needs depth 2."""
    policy.require(actor, "location.manage")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the level a name.")})
    if not 1 <= depth <= MAX_DEPTH:
        raise ValidationError({"depth": _("Levels go from 1 to %(n)s.") % {"n": MAX_DEPTH}})
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
