"""A report's numbers as a cross-table: one row per value of the rows dimension,
one column per value of the columns dimension, with row, column and grand totals.

Totals are computed by the engine, not added up here: a child counted in two
protection concerns is one child in the total, and a percentage's total is a
percentage of the whole. For counts along single-valued dimensions the cells
add up to the totals. Every number carries the link to the records behind it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from hearth.reports.builder.spec import Spec
from hearth.reports.indicators import dimensions, engine

# The drill-down page (the list of records behind a number): indicator, period
# and one parameter per dimension.
RECORDS_URL = "/reports/records/"


@dataclass
class Cell:
    value: float | None
    numerator: float
    denominator: float | None
    link: str


@dataclass
class Line:
    key: object
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class Table:
    spec: Spec
    row_label: str
    column_label: str
    column_keys: list
    column_labels: list[str]
    lines: list[Line]
    column_totals: list[Cell]
    total: Cell

    @property
    def unit(self) -> str:
        return str(self.spec.indicator.unit_label)


def plain_value(value) -> str:
    """A dimension value as it travels in a link or a file."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def records_link(spec: Spec, keys: dict) -> str:
    params = {"indicator": spec.indicator.code, "period": spec.period.code}
    params.update(spec.filters)
    params.update({d: plain_value(v) for d, v in keys.items()})
    return f"{RECORDS_URL}?{urlencode(params)}"


def _order(values) -> list:
    # Not recorded last; otherwise in the values' own order (codes, dates).
    return sorted(set(values), key=lambda v: (v in (None, ""), plain_value(v)))


def _cell(spec: Spec, row: engine.Row | None, keys: dict) -> Cell:
    if row is None:
        zero = spec.indicator.unit not in ("percent", "ratio")
        return Cell(0 if zero else None, 0, None, records_link(spec, keys))
    return Cell(row.value, row.numerator, row.denominator, records_link(spec, keys))


def build(spec: Spec, user) -> Table:
    """The cross-table of `spec` for `user`, from what the user's reporting scope
    covers (every number, totals included)."""
    indicator, period = spec.indicator, spec.period
    rows_dim, cols_dim = spec.rows, spec.columns
    main = engine.compute(indicator, user, period, by=spec.by, filters=spec.filters)
    total = _cell(spec, main.total, {})
    if not rows_dim:
        return Table(spec, "", "", [], [], [], [], total)

    by_row = engine.compute(indicator, user, period, by=[rows_dim], filters=spec.filters)
    row_totals = {r.keys[rows_dim]: r for r in by_row.rows}
    row_keys = _order(row_totals)
    row_labels = by_row.labels

    if not cols_dim:
        lines = [
            Line(
                key,
                _label(row_labels, rows_dim, key),
                [],
                _cell(spec, row_totals[key], {rows_dim: key}),
            )
            for key in row_keys
        ]
        return Table(spec, str(dimensions.label(rows_dim)), "", [], [], lines, [], total)

    by_col = engine.compute(indicator, user, period, by=[cols_dim], filters=spec.filters)
    col_totals = {r.keys[cols_dim]: r for r in by_col.rows}
    col_keys = _order(col_totals)
    cells = {(r.keys[rows_dim], r.keys[cols_dim]): r for r in main.rows}
    lines = []
    for key in row_keys:
        lines.append(
            Line(
                key,
                _label(row_labels, rows_dim, key),
                [
                    _cell(spec, cells.get((key, col)), {rows_dim: key, cols_dim: col})
                    for col in col_keys
                ],
                _cell(spec, row_totals[key], {rows_dim: key}),
            )
        )
    return Table(
        spec,
        str(dimensions.label(rows_dim)),
        str(dimensions.label(cols_dim)),
        col_keys,
        [_label(by_col.labels, cols_dim, key) for key in col_keys],
        lines,
        [_cell(spec, col_totals[key], {cols_dim: key}) for key in col_keys],
        total,
    )


def _label(labels: dict, dimension: str, value) -> str:
    if value in (None, ""):
        return _("Not recorded")
    return str(labels.get(dimension, {}).get(value, value))


def grid(table: Table) -> list[list]:
    """The table as plain rows for a file: a heading row, one row per line, and
    the totals row. Numbers stay numbers."""
    total_word = _("Total")
    if not table.lines:
        return [[str(table.spec.indicator.name)], [table.total.value]]
    heading: list = [table.row_label, *table.column_labels, total_word]
    out: list[list] = [heading]
    for line in table.lines:
        out.append([line.label, *[c.value for c in line.cells], line.total.value])
    out.append([total_word, *[c.value for c in table.column_totals], table.total.value])
    return out
