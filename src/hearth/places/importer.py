"""Import the location hierarchy from CSV (I6).

Columns: code, name, parent_code (empty for the top level); an optional `level`
column (depth number or level name) is checked against where the row lands.
Existing codes are updated (renamed or moved), new ones created.

Every line is checked first; one message per bad line. Nothing is written unless
every line is good, and a dry run writes nothing at all."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record
from hearth.places import services
from hearth.places.models import Location, LocationLevel, code_validator

REQUIRED_COLUMNS = ("code", "name", "parent_code")


@dataclass
class Row:
    line: int
    code: str
    name: str
    parent_code: str
    level: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(text: str) -> tuple[list[Row], list[str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [
            _("The file has no column %(c)s. Expected columns: code, name, parent_code.")
            % {"c": ", ".join(missing)}
        ]
    rows = []
    for line, raw in enumerate(reader, start=2):
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(values.values()):
            continue
        rows.append(
            Row(
                line, values["code"], values["name"], values["parent_code"], values.get("level", "")
            )
        )
    return rows, []


def check(rows: list[Row]) -> list[str]:
    """One message per bad line: missing values, bad codes, repeated codes,
    unknown parents, loops, and levels that do not match the hierarchy."""
    problems: list[tuple[int, str]] = []
    by_code: dict[str, Row] = {}
    for row in rows:
        problem = None
        if not row.code:
            problem = _("the code is missing")
        elif not row.name:
            problem = _("the name is missing")
        elif row.code in by_code:
            problem = _("code %(c)s already appears on line %(l)s") % {
                "c": row.code,
                "l": by_code[row.code].line,
            }
        else:
            try:
                code_validator(row.code)
            except ValidationError as exc:
                problem = _("code %(c)s: %(m)s") % {"c": row.code, "m": exc.messages[0]}
        if problem:
            problems.append((row.line, problem))
        else:
            by_code[row.code] = row

    existing_depth = dict(Location.objects.values_list("code", "depth"))
    levels = dict(LocationLevel.objects.values_list("depth", "name"))

    def depth_of(code: str) -> int | None:
        """Depth where `code` will land; None when its parents loop, 0 when an
        ancestor's parent is unknown (that ancestor's own line says so)."""
        depth, seen = 0, set()
        while code in by_code:
            if code in seen:
                return None
            seen.add(code)
            depth += 1
            code = by_code[code].parent_code
            if not code:
                return depth
        return depth + existing_depth[code] if code in existing_depth else 0

    for row in by_code.values():
        if row.parent_code and row.parent_code not in by_code | existing_depth:
            problems.append(
                (
                    row.line,
                    _("parent code %(p)s is neither in the file nor in Hearth")
                    % {"p": row.parent_code},
                )
            )
            continue
        depth = depth_of(row.code)
        if depth == 0:
            continue
        if depth is None:
            problems.append(
                (row.line, _("%(c)s is its own ancestor (a loop of parents)") % {"c": row.code})
            )
        elif depth not in levels:
            problems.append(
                (
                    row.line,
                    _("%(c)s would be at level %(d)s, which is not defined")
                    % {"c": row.code, "d": depth},
                )
            )
        elif row.level and row.level not in (str(depth), levels[depth]):
            problems.append(
                (
                    row.line,
                    _("says level %(given)s but its parent puts it at %(name)s")
                    % {"given": row.level, "name": levels[depth]},
                )
            )
    return [
        _("Line %(l)s: %(p)s.") % {"l": line, "p": problem}
        for line, problem in sorted(problems, key=lambda p: p[0])
    ]


def import_locations(*, actor, text: str, dry_run: bool = True) -> ImportResult:
    policy.require(actor, "location.manage")
    result = ImportResult(dry_run=dry_run)
    rows, result.errors = read_rows(text)
    if result.errors:
        return result
    result.errors = check(rows)
    if result.errors:
        return result

    in_file = {row.code for row in rows}
    with transaction.atomic():
        done: set[str] = set()
        pending = rows
        # Parents before children: a row waits until its parent from the file is in.
        while pending:
            waiting = [r for r in pending if r.parent_code in in_file - done]
            for row in pending:
                if row not in waiting:
                    _apply(actor, row, result)
                    done.add(row.code)
            if len(waiting) == len(pending):  # check() rules this out; never loop forever
                raise ValidationError(_("The hierarchy in the file could not be ordered."))
            pending = waiting
        if dry_run:
            transaction.set_rollback(True)
        else:
            record(
                actor=actor,
                action="location.import",
                detail={"created": result.created, "updated": result.updated},
            )
    return result


def _apply(actor, row: Row, result: ImportResult) -> None:
    # Read fresh each time: moving a location rewrites its descendants' paths.
    parent = Location.objects.get(code=row.parent_code) if row.parent_code else None
    current = Location.objects.filter(code=row.code).first()
    if current is None:
        services.location_create(actor=actor, code=row.code, name=row.name, parent=parent)
        result.created += 1
    elif current.name == row.name and current.parent_id == (parent.pk if parent else None):
        result.unchanged += 1
    else:
        services.location_update(actor=actor, location=current, name=row.name, parent=parent)
        result.updated += 1
