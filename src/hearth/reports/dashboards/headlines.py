"""Headline figures of the manager dashboard that read the same rows, counted
together. Each figure is still the indicator of the engine (same base, same
filters, same part): only the number of passes over the rows changes.

- The time taken to a first assessment (median days) and the share of first
  assessments on time are both over the period's first assessments: one GROUP BY
  (days taken, on time or not) gives the histogram for the median and, summed, the
  numerator and denominator of the share. The same for case plans.
- Open and registered cases of the period are the last point of their trends,
  which are counted anyway.

A case is counted once per group, as the engine counts it once overall: its first
assessment (or plan) rows, even two at the same moment, share the days taken and
the deadline, so they fall in the same group."""

from __future__ import annotations

from django.db.models import BooleanField, Count, Value, When
from django.db.models import Case as Case_

from hearth.reports.indicators import dimensions, get
from hearth.reports.indicators.engine import Result, Row, _value, filtered
from hearth.reports.indicators.measures import _days, median

# (median of days taken, share on time) counted over the same rows.
PAIRS = [
    ("cases.days_to_assessment", "assessments.on_time"),
    ("cases.days_to_plan", "plans.on_time"),
]
# On-time shares the table by area shows: counted by area in the same pass.
AREA_SHARES = {"assessments.on_time"}


def timeliness_pair(
    user, choice, days_code: str, on_time_code: str, by: str | None = None
) -> tuple[dict[str, Row], Result | None]:
    """The totals of a days indicator and its on-time share, from one query; with
    `by` (an area level), also the share on time broken down by it, as the engine
    would give it for the table by area."""
    days, on_time = get(days_code), get(on_time_code)
    extra = [by] if by else []
    qs = filtered(days, user, choice.period, choice.filters, extra=extra).filter(
        days_taken__isnull=False
    )
    flag = Case_(When(on_time.part(choice.period), then=Value(True)),
                 default=Value(False), output_field=BooleanField())  # fmt: skip
    columns = [f"d_{by}"] if by else []
    found = (
        qs.annotate(in_time=flag)
        .values(*columns, "days_taken", "in_time")
        .annotate(n=Count(days.unit_path, distinct=True))
        .order_by()
    )
    histogram: dict[int, int] = {}
    cells: dict = {}  # area -> [in time, measured]
    for group in found:
        taken = _days(group["days_taken"])
        histogram[taken] = histogram.get(taken, 0) + group["n"]
        cell = cells.setdefault(group[f"d_{by}"] if by else None, [0, 0])
        cell[1] += group["n"]
        if group["in_time"]:
            cell[0] += group["n"]
    measured = sum(histogram.values())
    in_time = sum(cell[0] for cell in cells.values())
    totals = {
        days_code: Row({}, measured, None, median(histogram)),
        on_time_code: Row({}, in_time, measured, _value(on_time, in_time, measured)),
    }
    if not by:
        return totals, None
    rows = [
        Row({by: key}, n, d, _value(on_time, n, d))
        for key, (n, d) in sorted(cells.items(), key=lambda kv: str(kv[0]))
    ]
    labels = {by: dimensions.value_labels(by, set(cells))}
    return totals, Result(on_time, choice.period, [by], rows, totals[on_time_code], labels)


def from_trends(series: list[dict]) -> dict[str, Row]:
    """The current period's open and registered cases: the trends' last points."""
    known = {}
    for line in series:
        code = line.get("code")
        if code in ("cases.open", "cases.registered"):
            value = line["points"][-1]["value"]
            known[code] = Row({}, value, None, value)
    return known


def known_totals(user, choice, series: list[dict], level: int | None = None):
    """Headline totals counted with others, and the results by area at `level`
    that came with them ({code: Result}) for the table by area."""
    known, by_area = from_trends(series), {}
    by = f"area_{level}" if level else None
    for days_code, on_time_code in PAIRS:
        totals, result = timeliness_pair(
            user, choice, days_code, on_time_code, by if on_time_code in AREA_SHARES else None
        )
        known.update(totals)
        if result is not None:
            by_area[on_time_code] = result
    return known, by_area
