"""An indicator is defined once, with its metadata, and computed in the database
(GROUP BY, COUNT DISTINCT) from the rows the viewer may see - never by looping
over records in Python. Totals and every disaggregation come from the same query
shape, so breakdowns always add up to the totals (for counts of distinct units
along single-valued dimensions)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hearth.reports.indicators import dimensions
from hearth.reports.indicators.period import Period

UNITS = {
    "count": _("number"),
    "percent": _("per cent"),
    "ratio": _("ratio"),
    "rate_100k": _("per 100,000 children"),
    "days": _("days"),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: object
    description: object
    numerator: object  # what is counted, in words
    unit: str = "count"
    denominator: object = ""  # for percent and ratio, in words
    source: str = ""  # the requirement it answers, e.g. "H3"
    # The population rows for a period, from what the user may see: (user, period) -> QuerySet
    base: Any = None  # required: every indicator says where its rows come from
    # Where each dimension lives on those rows (see dimensions.py).
    paths: dict = field(default_factory=dict)
    # What one unit is: counted distinct (a child, a case, a placement).
    unit_path: str = "pk"
    # For percent/ratio: the part of the base counted in the numerator: (period) -> Q
    part: Any = None
    # For ratio: the part counted in the denominator when it is not the whole base.
    whole: Callable | None = None
    # Path from a row to its case, for the list of records behind a number.
    case_path: str = "pk"
    # Escape hatch for measures GROUP BY cannot give directly (medians, rates):
    # (indicator, user, period, by, filters) -> Result
    custom: Callable | None = None
    group: object = _("Case management")

    @property
    def dimensions(self) -> list[str]:
        return dimensions.available(self.paths)

    @property
    def unit_label(self):
        return UNITS[self.unit]


@dataclass
class Row:
    keys: dict  # dimension -> value
    numerator: float
    denominator: float | None
    value: float | None


@dataclass
class Result:
    indicator: Indicator
    period: Period
    by: list[str]
    rows: list[Row]
    total: Row
    labels: dict  # dimension -> {value: label}

    def label(self, dimension: str, value) -> str:
        if value in (None, ""):
            return str(_("Not recorded"))
        return str(self.labels.get(dimension, {}).get(value, value))


_registry: dict[str, Indicator] = {}
MAX_BY = 3


def register(indicator: Indicator) -> Indicator:
    _registry[indicator.code] = indicator
    return indicator


def registry() -> dict[str, Indicator]:
    return dict(_registry)


def get(code: str) -> Indicator:
    try:
        return _registry[code]
    except KeyError:
        raise KeyError(f"unknown indicator {code!r}") from None


def _value(indicator: Indicator, numerator, denominator):
    if indicator.unit in ("percent", "ratio"):
        if not denominator:
            return None
        value = numerator / denominator
        return round(100 * value, 1) if indicator.unit == "percent" else round(value, 2)
    return numerator


def filtered(
    indicator: Indicator,
    user,
    period: Period,
    filters: dict | None = None,
    extra: Sequence[str] = (),
) -> QuerySet:
    """The indicator's rows for the period with dimension columns annotated
    (d_<dimension>) and `filters` ({dimension: value}) applied."""
    filters = filters or {}
    wanted = list(dict.fromkeys([*extra, *filters]))
    unknown = [d for d in wanted if d not in indicator.dimensions]
    if unknown:
        raise ValueError(f"{indicator.code} cannot be broken down by {', '.join(unknown)}")
    qs = indicator.base(user, period)
    # A period filter (month=202603) is a date range on the rows' date, which an
    # index can use; everything else compares the annotated dimension.
    by_period = {d: v for d, v in filters.items() if d in dimensions.PERIODS and isinstance(v, str)}
    annotate = [d for d in wanted if d not in by_period or d in extra]
    if annotate:
        qs = qs.annotate(
            **{f"d_{d}": dimensions.expression(d, indicator.paths, period.end) for d in annotate}
        )
    for dimension, value in filters.items():
        if dimension in by_period:
            qs = qs.filter(dimensions.period_range(indicator.paths["date"], value))
        elif value in (None, ""):
            qs = qs.filter(**{f"d_{dimension}__isnull": True})
        else:
            qs = qs.filter(**{f"d_{dimension}": value})
    return qs


def compute(
    indicator: Indicator,
    user,
    period: Period,
    by: list[str] | None = None,
    filters: dict | None = None,
    with_total: bool = True,
) -> Result:
    """The indicator for `period`, broken down by up to three dimensions (pages
    offer two; exports and the benchmark cross three), limited to `filters`, over
    what `user` may see."""
    by = list(by or [])
    if len(by) > MAX_BY:
        raise ValueError("break an indicator down by at most three dimensions at a time")
    if indicator.custom is not None:
        return indicator.custom(indicator, user, period, by, filters or {})
    qs = filtered(indicator, user, period, filters, extra=by)
    repeats = _may_repeat(indicator, [*by, *(filters or {})])
    measures = _measures(indicator, period, distinct=repeats)
    rows, groups = [], []
    if by:
        columns = [f"d_{d}" for d in by]
        for found in qs.values(*columns).annotate(**measures).order_by(*columns):
            groups.append(found)
            rows.append(_row(indicator, {d: found[f"d_{d}"] for d in by}, found))
    if by and not repeats:
        # Each row falls in exactly one group (single-valued breakdowns, rows
        # counted as themselves), so the groups add up to the total: no second
        # pass over the rows.
        total = {name: sum(found[name] for found in groups) for name in measures}
    elif with_total or not by:
        # Counted without the breakdown columns, so it does not pay for their
        # joins (the child, the area).
        total = filtered(indicator, user, period, filters).aggregate(**measures)
    else:  # a breakdown with no use for the total (a trend, a table by area)
        total = {}
    labels = {d: dimensions.value_labels(d, {r.keys[d] for r in rows}) for d in by}
    return Result(indicator, period, by, rows, _row(indicator, {}, total), labels)


# Dimensions that join several values to a row (a case's concerns): counting
# through them needs DISTINCT so a row is not counted once per value.
MULTI_VALUED = {"concern"}


def _may_repeat(indicator: Indicator, dims) -> bool:
    """Whether a row may be met more than once: counting anything but the rows
    themselves (children, cases) or joining a many-valued dimension."""
    return indicator.unit_path != "pk" or any(d in MULTI_VALUED for d in dims)


def _measures(indicator: Indicator, period: Period, distinct: bool = True) -> dict:
    unit = indicator.unit_path
    if indicator.unit in ("percent", "ratio"):
        whole = indicator.whole(period) if indicator.whole else Q()
        return {
            "num": Count(unit, distinct=distinct, filter=indicator.part(period)),
            "den": Count(unit, distinct=distinct, filter=whole),
        }
    return {"num": Count(unit, distinct=distinct)}


def _row(indicator: Indicator, keys: dict, found: dict) -> Row:
    numerator = found.get("num") or 0
    denominator = found.get("den")
    return Row(keys, numerator, denominator, _value(indicator, numerator, denominator))


def records(
    indicator: Indicator, user, period: Period, filters: dict | None = None, part: bool = True
) -> QuerySet:
    """The rows behind a number (a cell or the total), for the drill-down list.
    For percentages `part` picks the numerator's rows, otherwise the whole base."""
    qs = filtered(indicator, user, period, filters)
    if part and indicator.part is not None:
        qs = qs.filter(indicator.part(period))
    return qs
