"""Measures GROUP BY COUNT cannot give directly, still worked out in the database.

Median of days: the database groups the rows by (breakdown cells, whole days taken)
and counts each group - one query whose answer has at most a few hundred values
per cell however many cases there are. The median is then read off that
histogram by walking its cumulative counts. It is the same answer as a
PERCENTILE_CONT(0.5) on PostgreSQL, and it also works on SQLite, which has no
percentile function. Nothing loops over case rows in Python.

Ratio of two distinct counts (cases per worker): both counts come from the same
GROUP BY."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from hearth.reports.indicators import dimensions
from hearth.reports.indicators.engine import MULTI_VALUED, Result, Row, filtered


def _days(value) -> int:
    if isinstance(value, dt.timedelta):
        return value.days
    return int(value)


def median(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}."""
    total = sum(histogram.values())
    if not total:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen, lower, upper = 0, None, None
    for value in sorted(histogram):
        seen += histogram[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    assert lower is not None and upper is not None  # the ranks lie within the counts
    return (lower + upper) / 2


def median_days(days_field: str):
    """A `custom` computation: the median of `days_field` (a duration annotated on
    the indicator's rows), per cell and overall. A row's numerator is the number of
    units measured, its value the median in days."""

    def compute(indicator, user, period, by, filters) -> Result:
        qs = filtered(indicator, user, period, filters, extra=by).filter(
            **{f"{days_field}__isnull": False}
        )
        columns = [f"d_{d}" for d in by]
        found = (
            qs.values(*columns, days_field)
            .annotate(n=Count(indicator.unit_path, distinct=True))
            .order_by()
        )
        cells: dict[tuple, dict[int, int]] = {}
        overall: dict[int, int] = {}
        for group in found:  # one entry per (cell, number of days), not per case
            key = tuple(group[c] for c in columns)
            days = _days(group[days_field])
            cells.setdefault(key, {})
            cells[key][days] = cells[key].get(days, 0) + group["n"]
            overall[days] = overall.get(days, 0) + group["n"]
        rows = [
            Row(dict(zip(by, key, strict=True)), sum(h.values()), None, median(h))
            for key, h in sorted(cells.items(), key=lambda kv: tuple(str(v) for v in kv[0]))
            if by
        ]
        # A unit counted in two cells (a case with two concerns) counts once overall;
        # otherwise the histogram already holds the count.
        if any(d in MULTI_VALUED for d in [*by, *filters]):
            measured = qs.aggregate(n=Count(indicator.unit_path, distinct=True))["n"]
        else:
            measured = sum(overall.values())
        total = Row({}, measured, None, median(overall))
        labels = {d: dimensions.value_labels(d, {r.keys[d] for r in rows}) for d in by}
        return Result(indicator, period, list(by), rows, total, labels)

    return compute


def per_distinct(denominator_path: str):
    """A `custom` computation: units (distinct) for every distinct `denominator_path`
    among the same rows, e.g. open cases per caseworker holding any."""

    def compute(indicator, user, period, by, filters) -> Result:
        qs = filtered(indicator, user, period, filters, extra=by)
        measures = {
            "num": Count(indicator.unit_path, distinct=True),
            "den": Count(denominator_path, distinct=True),
        }
        columns = [f"d_{d}" for d in by]
        rows = [
            _ratio_row({d: found[f"d_{d}"] for d in by}, found)
            for found in (qs.values(*columns).annotate(**measures).order_by(*columns) if by else [])
        ]
        labels = {d: dimensions.value_labels(d, {r.keys[d] for r in rows}) for d in by}
        total = _ratio_row({}, qs.aggregate(**measures))
        return Result(indicator, period, list(by), rows, total, labels)

    return compute


def _ratio_row(keys, found) -> Row:
    num, den = found.get("num") or 0, found.get("den") or 0
    return Row(keys, num, den, round(num / den, 1) if den else None)
