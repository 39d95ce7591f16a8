"""The child population table (H2): imported from CSV by administrators, read as
the denominator of rates per 100,000 children.

Columns: area_code, year, sex (female or male), age_from, age_to, count. A line
whose area, year, sex and ages are already in Hearth replaces that figure.
Every line is checked first, with one message per bad line; nothing is written
unless every line is good, and a dry run writes nothing at all. A year's figures
are all given for areas of one level, so that adding them up never counts a
child twice (a region and its districts)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record
from hearth.care.models import PopulationEstimate
from hearth.core import config, writes
from hearth.places.models import Location
from hearth.reports.indicators import dimensions

COLUMNS = ("area_code", "year", "sex", "age_from", "age_to", "count")


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


@dataclass
class Line:
    number: int
    area: Location
    year: int
    sex: str
    age_from: int
    age_to: int
    count: int

    @property
    def key(self):
        return (self.area.pk, self.year, self.sex, self.age_from, self.age_to)


def _int(value: str, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def read(text: str) -> tuple[list[Line], list[tuple[int, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        return [], [
            (
                0,
                _("The file has no column %(c)s. Expected columns: %(all)s.")
                % {"c": ", ".join(missing), "all": ", ".join(COLUMNS)},
            )
        ]
    raw_rows = []
    for raw in reader:
        extra = raw.pop(None, None)
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if any(values.values()) or extra:
            raw_rows.append((reader.line_num, values, extra))
    areas = {
        a.code: a
        for a in Location.objects.filter(
            code__in={v["area_code"] for _n, v, _e in raw_rows}, is_voided=False
        )
    }
    lines, problems = [], []
    for number, values, extra in raw_rows:
        problem = _check(values, extra, areas)
        if problem:
            problems.append((number, _("Line %(l)s: %(p)s.") % {"l": number, "p": problem}))
            continue
        lines.append(
            Line(
                number,
                areas[values["area_code"]],
                int(values["year"]),
                values["sex"].lower(),
                int(values["age_from"]),
                int(values["age_to"]),
                int(values["count"]),
            )
        )
    return lines, problems


def _check(values: dict, extra, areas: dict) -> str | None:
    if extra:
        return _("it has more values than the header has columns")
    if values["area_code"] not in areas:
        return _("area %(c)s is not in Hearth") % {"c": values["area_code"] or "—"}
    if _int(values["year"], 1900, 2200) is None:
        return _("the year must be a year, like 2026")
    if values["sex"].lower() not in PopulationEstimate.Sex.values:
        return _("sex must be female or male")
    age_from, age_to = _int(values["age_from"], 0, 120), _int(values["age_to"], 0, 120)
    if age_from is None or age_to is None:
        return _("ages must be whole numbers of years")
    if age_to < age_from:
        return _("the age band ends before it starts")
    if _int(values["count"], 0, 10**9) is None:
        return _("the count must be a whole number, zero or more")
    return None


def check(lines: list[Line]) -> list[tuple[int, str]]:
    """Repeated lines, and years whose figures would mix levels of areas."""
    problems = []
    seen: dict[tuple, int] = {}
    for line in lines:
        if line.key in seen:
            problems.append(
                (
                    line.number,
                    _("Line %(l)s: the same area, year, sex and ages are on line %(o)s.")
                    % {"l": line.number, "o": seen[line.key]},
                )
            )
        else:
            seen[line.key] = line.number
    by_year: dict[int, int] = {}
    for year, depth in (
        PopulationEstimate.objects.filter(is_voided=False)
        .values_list("year", "area__depth")
        .distinct()
    ):
        by_year.setdefault(year, depth)
    for line in lines:
        depth = by_year.setdefault(line.year, line.area.depth)
        if depth != line.area.depth:
            problems.append((line.number, _(
                "Line %(l)s: figures for %(y)s are given for areas of level %(d)s; "
                "%(c)s is at level %(e)s. Give a year's figures for one level of areas."
            ) % {"l": line.number, "y": line.year, "d": depth, "c": line.area.code,
                 "e": line.area.depth}))  # fmt: skip
    return problems


def import_population(*, actor, text: str, dry_run: bool = True) -> ImportResult:
    policy.require(actor, "config.manage")
    result = ImportResult(dry_run=dry_run)
    lines, problems = read(text)
    if lines:
        problems += check(lines)
    # One list, in the order of the file, so each bad line is found where it is.
    result.errors = [text for _line, text in sorted(problems, key=lambda p: p[0])]
    if result.errors:
        return result
    with transaction.atomic():
        for line in lines:
            current = PopulationEstimate.objects.filter(
                is_voided=False,
                area=line.area,
                year=line.year,
                sex=line.sex,
                age_from=line.age_from,
                age_to=line.age_to,
            ).first()
            if current is None:
                writes.create(
                    PopulationEstimate(
                        area=line.area, year=line.year, sex=line.sex, age_from=line.age_from,
                        age_to=line.age_to, count=line.count,
                    ),
                    actor=actor,
                )  # fmt: skip
                result.created += 1
            elif current.count == line.count:
                result.unchanged += 1
            else:
                current.count = line.count
                writes.update(current, actor=actor)
                result.updated += 1
        if dry_run:
            transaction.set_rollback(True)
        else:
            record(
                actor=actor,
                action="care.population_import",
                detail={"created": result.created, "updated": result.updated},
            )
    return result


# --- reading the table as a denominator -------------------------------------------------------


def _band_of(age_from: int, age_to: int) -> str:
    for low, high, text in dimensions.age_bands():
        if low <= age_from and (high is None or age_to <= high):
            return text
    return dimensions.UNKNOWN


def _in_scope(user):
    """The areas whose children the user's reports cover: everywhere for a role
    reporting over all records, else the user's own areas."""
    reporting = [r for r in policy.roles_of(user) if "report.view" in r.permissions]
    if any(r.scope == "all" for r in reporting):
        return None
    return policy.area_paths(user) or None


def child_population(user, period, by: list[str], filters: dict) -> tuple[dict, int | None]:
    """({cell key: children}, total) for the year of the period's end (or the latest
    year before it), children only, limited to the user's areas and `filters`."""
    table = PopulationEstimate.objects.filter(is_voided=False, year__lte=period.end.year)
    year = table.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return {}, None
    adult = int(config.get("registry.adult_age"))
    rows = table.filter(year=year, age_to__lt=adult).select_related("area")
    paths = _in_scope(user)
    cells: dict[tuple, int] = {}
    total = 0
    for row in rows:
        if paths and not any(row.area.path.startswith(p) for p in paths):
            continue
        values = {"sex": row.sex, "age_band": _band_of(row.age_from, row.age_to)}
        for name, depth in dimensions.AREAS.items():
            values[name] = getattr(row.area, f"level_{depth}")
        if any(str(values.get(d)) != str(v) for d, v in filters.items()):
            continue
        key = tuple(values[d] for d in by)
        cells[key] = cells.get(key, 0) + row.count
        total += row.count
    return cells, total if rows.exists() else None
