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
from hearth.core.errors import HearthError, messages_of
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
    extra_values: bool = False


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
    for raw in reader:
        # DictReader puts values beyond the header's columns under the key None.
        extra = raw.pop(None, None)
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(values.values()) and not extra:
            continue
        rows.append(
            Row(
                # line_num counts physical lines, so blank lines keep the numbers right.
                reader.line_num,
                values["code"],
                values["name"],
                values["parent_code"],
                values.get("level", ""),
                extra_values=bool(extra),
            )
        )
    return rows, []


def check(rows: list[Row]) -> list[str]:
    """One message per bad line: missing values, bad codes, repeated codes,
    unknown parents, loops, and levels that do not match the hierarchy - including
    where areas already in Hearth land when the file moves one of their ancestors."""
    problems: dict[int, str] = {}  # line -> the first thing wrong with it
    by_code: dict[str, Row] = {}
    bad_codes: set[str] = set()
    for row in rows:
        problem = None
        if row.extra_values:
            problem = _("it has more values than the header has columns")
        elif not row.code:
            problem = _("the code is missing")
        elif row.code in by_code:
            problem = _("code %(c)s already appears on line %(l)s") % {
                "c": row.code,
                "l": by_code[row.code].line,
            }
        elif not row.name:
            problem = _("the name is missing")
        else:
            try:
                code_validator(row.code)
            except ValidationError as exc:
                problem = _("code %(c)s: %(m)s") % {"c": row.code, "m": exc.messages[0]}
        if problem:
            problems[row.line] = problem
            bad_codes.add(row.code)
        else:
            by_code[row.code] = row

    # The hierarchy as it will be: Hearth's, with the file's lines laid over it.
    current_depth: dict[str, int] = {}
    parent_of: dict[str, str] = {}
    for code, path, now_at in Location.objects.values_list("code", "path", "depth"):
        current_depth[code] = now_at
        parent_of[code] = (path.strip("/").split("/")[:-1] or [""])[-1]
    parent_of.update({code: row.parent_code for code, row in by_code.items()})
    levels = dict(LocationLevel.objects.values_list("depth", "name"))
    depths = _depths(parent_of)

    for row in by_code.values():
        depth = depths.get(row.code)
        if row.parent_code and row.parent_code not in parent_of:
            if row.parent_code not in bad_codes:  # else the parent's own line says why
                problems[row.line] = _("parent code %(p)s is neither in the file nor in Hearth") % {
                    "p": row.parent_code
                }
        elif depth is None:
            problems[row.line] = _("%(c)s is its own ancestor (a loop of parents)") % {
                "c": row.code
            }
        elif depth == 0:
            continue  # below a loop or an unknown parent: that line says why
        elif depth not in levels:
            problems[row.line] = _("%(c)s would be at level %(d)s, which is not defined") % {
                "c": row.code,
                "d": depth,
            }
        elif row.level and row.level.casefold() not in (str(depth), levels[depth].casefold()):
            problems[row.line] = _("says level %(given)s but its parent puts it at %(name)s") % {
                "given": row.level,
                "name": levels[depth],
            }

    for code, now_at in current_depth.items():
        new_depth = depths.get(code)
        if code in by_code or not new_depth or new_depth == now_at or new_depth in levels:
            continue
        ancestor = parent_of[code]
        while ancestor and ancestor not in by_code:
            ancestor = parent_of.get(ancestor, "")
        if not ancestor:  # only a line of the file can move an area; never here
            continue
        line = by_code[ancestor].line
        problems.setdefault(
            line,
            _("moving %(c)s would put %(below)s at level %(d)s, which is not defined")
            % {"c": ancestor, "below": code, "d": new_depth},
        )
    return [
        _("Line %(l)s: %(p)s.") % {"l": line, "p": problem}
        for line, problem in sorted(problems.items())
    ]


def _depths(parent_of: dict[str, str]) -> dict[str, int | None]:
    """Code -> depth in the hierarchy `parent_of` describes (1 is the top): None
    for codes in a loop of parents, 0 for codes below a loop or an unknown parent."""
    depths: dict[str, int | None] = {}
    for start in parent_of:
        chain: list[str] = []
        code = start
        while code and code in parent_of and code not in depths and code not in chain:
            chain.append(code)
            code = parent_of[code]
        base = -1  # "cannot tell": below a loop or an unknown parent
        if not code:
            base = 0
        elif code in chain:
            loop_at = chain.index(code)
            depths.update(dict.fromkeys(chain[loop_at:]))
            chain = chain[:loop_at]
        else:
            base = depths.get(code) or -1
        for i, member in enumerate(reversed(chain), start=1):
            depths[member] = base + i if base >= 0 else 0
    return depths


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
                    try:
                        _apply(actor, row, result)
                    except (ValidationError, HearthError) as error:
                        # check() should have caught it; still, say which line and undo all.
                        result.errors.append(
                            _("Line %(l)s: %(p)s") % {"l": row.line, "p": _message(error)}
                        )
                    done.add(row.code)
            if len(waiting) == len(pending):  # check() rules this out; never loop forever
                raise ValidationError(_("The hierarchy in the file could not be ordered."))
            pending = waiting
        if dry_run or result.errors:
            transaction.set_rollback(True)
        else:
            record(
                actor=actor,
                action="location.import",
                detail={"created": result.created, "updated": result.updated},
            )
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(m for ms in messages_of(error).values() for m in ms)
    return str(error)


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
        services.location_update(
            actor=actor,
            location=current,
            name=row.name,
            parent=parent,
            check_levels_below=False,  # check() judged the hierarchy the whole file makes
        )
        result.updated += 1
