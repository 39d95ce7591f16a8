"""The manager dashboard read from the figures kept as data (figures.py), when
they answer exactly what the live page would count for this viewer:

1. a finished refresh exists, not older than reports.dashboard_figures_max_age_minutes,
   covering the chosen period and the periods of its trend lines;
2. the viewer's reporting scope is exactly one area node or the whole country
   (policy.area_scope: every role granting report.view has scope "all", or scope
   "area" with one area, no direct grant and no own case outside it), and the
   page is limited by nothing but the dashboard's area choice, inside that scope.

Otherwise None: the whole page is counted live (never half one, half the other).
The node read is the chosen area, else the viewer's area, else the country; a
viewer is never given a node outside their scope. The lists behind each number
stay live."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from hearth.access import policy
from hearth.cases.models import Case
from hearth.core import clock, config
from hearth.places.models import MAX_DEPTH, Location, LocationLevel
from hearth.reports.dashboards import queries
from hearth.reports.dashboards.choices import Choice
from hearth.reports.indicators import Result, dimensions, get
from hearth.reports.indicators.engine import Row
from hearth.reports.models import DashboardFigure, DashboardRefresh


def scope_node(user, choice: Choice):
    """(depth, path, location or None) of the one node the page may be read for,
    or None when the viewer's scope or the page's filters are not exactly a node."""
    prefixes = policy.area_scope(user, Case, "report.view")
    if prefixes is None or len(prefixes) != 1:
        return None
    scope = prefixes[0]
    area = choice.area
    if choice.filters != ({f"area_{area.depth}": area.code} if area else {}):
        return None
    if area is not None:
        if not area.path.startswith(scope):
            return None  # a choice outside the reporting scope: live (and empty)
        return area.depth, area.path, area
    if scope == policy.EVERYWHERE:
        return 0, "", None
    node = Location.objects.filter(path=scope).first()
    return (node.depth, node.path, node) if node else None


def usable_refresh(periods: list[str]) -> DashboardRefresh | None:
    oldest = clock.now() - dt.timedelta(
        minutes=config.get("reports.dashboard_figures_max_age_minutes")
    )
    run = DashboardRefresh.objects.filter(status=DashboardRefresh.Status.DONE).first()
    if run is None or run.started_at < oldest or not set(periods) <= set(run.periods):
        return None
    return run


def _row(figure: DashboardFigure, keys: dict | None = None) -> Row:
    indicator = get(figure.indicator)
    # A count's value is its numerator (an integer), as the engine gives it.
    value = figure.numerator if indicator.unit == "count" else figure.value
    return Row(keys or {}, figure.numerator, figure.denominator, value)


def manager_dashboard(user, choice: Choice, level: int) -> dict | None:
    """The manager dashboard's context from the kept figures, or None (count live)."""
    node = scope_node(user, choice)
    if node is None:
        return None
    depth, path, location = node
    periods = choice.period.previous(queries._trend_length(choice.kind))
    codes = [p.code for p in periods]
    run = usable_refresh(codes)
    if run is None:
        return None
    # Levels deeper than any area at the refresh all give the same rows, kept once.
    kept_level = min(level, run.depth + 1)
    wanted = Q(depth=depth, path=path, period__in=codes)
    if depth < level <= run.depth:
        wanted |= Q(depth=level, period=choice.period.code, path__startswith=path, level=0,
                    counted=True, indicator__in=queries.AREA_COLUMNS)  # fmt: skip
    own: dict[tuple, DashboardFigure] = {}
    below: dict[str, list[DashboardFigure]] = {}
    for figure in DashboardFigure.objects.filter(wanted):
        if figure.depth == depth and figure.path == path:
            own[(figure.indicator, figure.period, figure.level, figure.key)] = figure
        else:
            below.setdefault(figure.indicator, []).append(figure)
    needed = [(c, choice.period.code) for c in queries.HEADLINES] + [
        (c, p) for c in queries.TRENDS for p in codes
    ]
    if any((c, p, 0, "") not in own for c, p in needed):
        return None  # a node or period the set does not have (e.g. a new area)
    total = {c: _row(own[(c, choice.period.code, 0, "")]) for c in queries.HEADLINES}
    series = [
        queries._points(code, periods, [_row(own[(code, p, 0, "")]).value for p in codes], choice)
        for code in queries.TRENDS
    ]
    by = f"area_{level}"
    table: dict = {}
    for code in queries.AREA_COLUMNS:
        mine = own.get((code, choice.period.code, 0, ""))
        rows = []
        if level <= depth:
            # Everything under the node has the node's own area at this level.
            if mine is not None and mine.counted and location is not None:
                rows.append(_row(mine, {by: getattr(location, f"level_{level}")}))
        else:
            rows += [_row(f, {by: f.area}) for f in below.get(code, [])]
            rows += [
                _row(f, {by: f.key})
                for (c, p, lv, _k), f in own.items()
                if c == code and p == choice.period.code and lv == kept_level
            ]
        table[code] = rows
    keys = {r.keys[by] for rows in table.values() for r in rows}
    labels = {by: dimensions.value_labels(by, keys)}
    known = {
        code: Result(get(code), choice.period, [by], rows, Row({}, 0, None, None), labels)
        for code, rows in table.items()
    }
    return {
        "headlines": [queries.tile(c, user, choice, total=total[c]) for c in queries.HEADLINES],
        "trends": series,
        "area_table": queries.area_table(user, choice, level, known),
        "levels": list(LocationLevel.objects.filter(depth__lte=MAX_DEPTH)),
        "level": level,
        "figures_as_of": run.started_at,
    }
