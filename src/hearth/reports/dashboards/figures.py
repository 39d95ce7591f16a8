"""The manager dashboard's figures kept as data, and their refresh.

Every figure is a `Row` the indicator engine gives (`compute`) for a national
reporting viewer - one whose only role has scope "all" and `report.view`, held in
memory and never saved, so it cannot sign in. Kept for every area node at every
level that has areas, and for the whole country, for:

- each period a viewer can pick (for each kind of period, the current one and
  those before it the period menu lists): every indicator the page shows - the
  headlines, the trend lines and the columns of the table by area;
- the periods before those that the trend lines of the oldest pickable period
  reach back to: the trend indicators only.

One row per node, not per leaf summed up, because a region's figure is not
always the sum of its districts' (a child counted once though their cases lie
in two districts; a median). For the table by area, a node also keeps the rows
of its breakdown by each deeper level that have no area at that level (records
placed above it, or nowhere), which the engine shows as "Not recorded".

Where it is exact, one GROUP BY by every level at once gives all nodes: for
counts and shares whose unit has a single area (a row, or a case counted through
its rows), a node's numbers are the sums of its leaves'. Medians and children
(counted once whatever their cases) are computed level by level.

The refresh computes everything first (reads), then replaces the whole set in
one short transaction, so readers see the old set or the new one, never a mix.
It is audited as a system job. Read by dashboards/stored.py."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hearth.audit.models import AuditEvent
from hearth.audit.services import record
from hearth.core import clock, config
from hearth.places.models import MAX_DEPTH, Location
from hearth.reports.dashboards import queries
from hearth.reports.dashboards.choices import TREND_LENGTH, current
from hearth.reports.indicators import Period, compute, get
from hearth.reports.indicators.engine import MAX_BY, Indicator, Row, _value
from hearth.reports.models import DashboardFigure, DashboardRefresh

config.register(
    "reports.dashboard_figures_minutes",
    60,
    _lazy(
        "Minutes between two refreshes of the manager dashboard's figures kept as data "
        "(0: not refreshed by the background worker; the dashboard is then counted live "
        "once the last figures are too old)."
    ),
)
config.register(
    "reports.dashboard_figures_kinds",
    ["month", "quarter", "year"],
    _lazy(
        "Kinds of period whose manager dashboard figures are kept as data (month, "
        "quarter, year). A deployment that reports by quarter only can keep quarters "
        "alone and refresh in a fraction of the time; the other kinds are then counted "
        "live."
    ),
)
config.register(
    "reports.dashboard_figures_max_age_minutes",
    180,
    _lazy(
        "Oldest figures, in minutes, the manager dashboard still shows (saying as of "
        "when); older or missing figures mean the page is counted live."
    ),
)

# A refresh still marked running after this long was interrupted (a worker that
# stopped): the next one may start.
STALE_RUN_MINUTES = 360
NOWHERE = " "  # an area code no location can have (see places): the engine's figure for no rows


def national_viewer():
    """A reporting viewer for the whole country, in memory only: no row in the
    database, no password, one role granting `report.view` over everything."""
    from hearth.accounts.models import Role, User

    role = Role(code="dashboard-figures", name="dashboard figures", scope=Role.Scope.ALL,
                permissions=["report.view"], clearance=0)  # fmt: skip
    viewer = User(username="dashboard-figures", is_active=True)
    viewer._hearth_roles = [role]  # what policy.roles_of reads; never saved
    viewer._hearth_area_paths = []
    return viewer


def periods_kept(today=None) -> tuple[list[Period], list[Period]]:
    """(pickable periods, all periods kept): the periods a viewer can pick, and
    those plus the ones their trend lines reach back to."""
    pickable, kept = [], []
    kinds = set(config.get("reports.dashboard_figures_kinds"))
    for kind, length in TREND_LENGTH.items():
        if kind not in kinds:
            continue
        periods = current(kind, today).previous(2 * length - 1)
        pickable += periods[-length:]
        kept += periods
    return pickable, kept


def indicator_codes(for_trend_only: bool = False) -> list[str]:
    if for_trend_only:
        return list(queries.TRENDS)
    return list(dict.fromkeys([*queries.HEADLINES, *queries.TRENDS, *queries.AREA_COLUMNS]))


def additive(indicator: Indicator) -> bool:
    """Whether a node's numbers are the sums of its leaves': plain counts of units
    that each lie in one area (the rows themselves, or the case they belong to)."""
    if indicator.custom is not None:
        return False
    area = indicator.paths.get("area", "")
    return indicator.unit_path == "pk" or area.startswith(indicator.unit_path + "__")


class Figures:
    """The figures of one refresh, built in memory."""

    def __init__(self, viewer, nodes: dict[int, dict[str, str]], depth: int):
        self.viewer = viewer
        self.nodes = nodes  # depth -> {code: path}
        self.depth = depth  # deepest level with areas
        self.rows: list[DashboardFigure] = []
        self._empty: dict[str, Row] = {}

    def add(self, indicator: Indicator, period: Period, depth: int, code: str, row: Row,
            level: int = 0, key: str | None = "", counted: bool = True) -> None:  # fmt: skip
        path = self.nodes[depth][code] if depth else ""
        self.rows.append(
            DashboardFigure(
                period=period.code, indicator=indicator.code, depth=depth, area=code,
                path=path, level=level, key=key, counted=counted,
                numerator=row.numerator, denominator=row.denominator,
                value=None if row.value is None else float(row.value),
            )
        )  # fmt: skip

    def empty(self, indicator: Indicator, period: Period) -> Row:
        """The engine's figure for a node without rows (the same for every such node)."""
        if indicator.code not in self._empty:
            found = compute(indicator, self.viewer, period, filters={"area_1": NOWHERE})
            self._empty[indicator.code] = found.total
        return self._empty[indicator.code]

    def indicator(self, indicator: Indicator, period: Period, table: bool) -> None:
        """All nodes' figures of one indicator for one period; with `table`, also
        the rows without an area at a deeper level (for the table by area)."""
        levels = list(range(1, self.depth + 1))
        if additive(indicator) and 0 < len(levels) <= MAX_BY:
            totals, unplaced = self._summed(indicator, period, levels, table)
        else:
            totals, unplaced = self._by_level(indicator, period, levels, table)
        self.add(indicator, period, 0, "", totals.pop((0, "")))
        for depth, codes in self.nodes.items():
            for code in codes:
                row = totals.get((depth, code))
                if row is None:
                    self.add(indicator, period, depth, code, self.empty(indicator, period),
                             counted=False)  # fmt: skip
                else:
                    self.add(indicator, period, depth, code, row)
        for (depth, code, level, key), row in unplaced.items():
            self.add(indicator, period, depth, code, row, level=level, key=key)
        if table and self.depth < MAX_DEPTH:
            # Deeper than any area: under a node, all its rows, with no area there.
            for depth, codes in self.nodes.items():
                for code in codes:
                    row = totals.get((depth, code))
                    if row is not None:
                        self.add(indicator, period, depth, code, row, level=self.depth + 1)

    def _summed(self, indicator, period, levels, table):
        """One GROUP BY by every level; each node sums its leaves."""
        by = [f"area_{n}" for n in levels]
        result = compute(indicator, self.viewer, period, by=by, with_total=False)
        sums: dict[tuple, list] = {}
        beyond = self.depth + 1 if self.depth < MAX_DEPTH else None

        def add(key, row):
            cell = sums.setdefault(key, [0, None])
            cell[0] += row.numerator
            if row.denominator is not None:
                cell[1] = (cell[1] or 0) + row.denominator

        for row in result.rows:
            codes = [row.keys[b] for b in by]
            add(("t", 0, ""), row)
            for depth in levels:
                if codes[depth - 1] not in (None, ""):
                    add(("t", depth, codes[depth - 1]), row)
            if not table:
                continue
            for depth in [0, *levels]:
                node = codes[depth - 1] if depth else ""
                if depth and node in (None, ""):
                    continue
                for level in levels[depth:]:
                    if codes[level - 1] in (None, ""):
                        add(("u", depth, node, level, codes[level - 1]), row)
                if beyond and depth == 0:
                    add(("u", 0, "", beyond, None if codes[0] is None else ""), row)
        totals, unplaced = {}, {}
        for key, (num, den) in sums.items():
            found = Row({}, num, den, _value(indicator, num, den))
            if key[0] == "t":
                totals[key[1:]] = found
            else:
                unplaced[key[1:]] = found
        totals.setdefault((0, ""), self.empty(indicator, period))
        return totals, unplaced

    def _by_level(self, indicator, period, levels, table):
        """The engine level by level (exact for every indicator)."""
        totals: dict[tuple, Row] = {}
        unplaced: dict[tuple, Row] = {}
        for level in levels:
            result = compute(indicator, self.viewer, period, by=[f"area_{level}"],
                             with_total=level == 1)  # fmt: skip
            if level == 1:
                totals[(0, "")] = result.total
            for row in result.rows:
                key = row.keys[f"area_{level}"]
                if key in (None, ""):
                    if table:
                        unplaced[(0, "", level, key)] = row
                else:
                    totals[(level, key)] = row
        if not levels:
            totals[(0, "")] = compute(indicator, self.viewer, period).total
        if not table:
            return totals, unplaced
        for depth in levels:
            for level in levels[depth:]:
                pair = [f"area_{depth}", f"area_{level}"]
                result = compute(indicator, self.viewer, period, by=pair, with_total=False)
                for row in result.rows:
                    node, key = row.keys[f"area_{depth}"], row.keys[f"area_{level}"]
                    if node not in (None, "") and key in (None, ""):
                        unplaced[(depth, node, level, key)] = row
        if self.depth < MAX_DEPTH:
            beyond = self.depth + 1
            result = compute(indicator, self.viewer, period, by=[f"area_{beyond}"],
                             with_total=False)  # fmt: skip
            for row in result.rows:
                unplaced[(0, "", beyond, row.keys[f"area_{beyond}"])] = row
        return totals, unplaced


def build(today=None, progress: Callable[[str], None] | None = None) -> tuple[Figures, list]:
    """Every figure, computed (reads only); (figures, period codes covered)."""
    nodes: dict[int, dict[str, str]] = {}
    for code, path, depth in Location.objects.values_list("code", "path", "depth"):
        nodes.setdefault(depth, {})[code] = path
    depth = Location.objects.aggregate(deepest=Max("depth"))["deepest"] or 0
    figures = Figures(national_viewer(), dict(sorted(nodes.items())), depth)
    pickable, kept = periods_kept(today)
    for period in kept:
        started, before = time.perf_counter(), len(figures.rows)
        full = period in pickable
        codes = indicator_codes(for_trend_only=not full)
        for code in codes:
            figures.indicator(get(code), period, table=full and code in queries.AREA_COLUMNS)
        if progress:
            progress(
                _("%(period)s: %(n)s indicators, %(figures)s figures (%(s).1f s)")
                % {
                    "period": period.code,
                    "n": len(codes),
                    "figures": len(figures.rows) - before,
                    "s": time.perf_counter() - started,
                }  # fmt: skip
            )
    return figures, [p.code for p in kept]


def _audit(run: DashboardRefresh, detail: dict, outcome=AuditEvent.Outcome.OK) -> None:
    """The refresh is the system's doing: one event each, done or failed."""
    record(
        actor=None,
        actor_label="system",
        action="reports.dashboard_figures_refresh",
        target=run,
        outcome=outcome,
        detail=detail,
    )


def dashboard_figures_refresh(
    today=None, progress: Callable[[str], None] | None = None
) -> DashboardRefresh:
    """Rebuild the whole set of figures and replace the old one at once."""
    run = DashboardRefresh.objects.create(started_at=clock.now())
    try:
        figures, periods = build(today, progress)
        with transaction.atomic():
            DashboardFigure.objects.all().delete()
            DashboardFigure.objects.bulk_create(figures.rows, batch_size=2000)
            run.status = DashboardRefresh.Status.DONE
            run.finished_at = clock.now()
            run.figures = len(figures.rows)
            run.periods = periods
            run.depth = figures.depth
            run.save()
            seconds = round((run.finished_at - run.started_at).total_seconds(), 1)
            _audit(run, {"figures": run.figures, "periods": len(periods), "seconds": seconds})
    except Exception as exc:
        run.status = DashboardRefresh.Status.FAILED
        run.finished_at = clock.now()
        run.error = str(exc)[:2000]
        run.save()
        _audit(run, {"error": run.error}, AuditEvent.Outcome.FAILED)
        raise
    # Older refresh records are history; keep the last few for "as of" and admins.
    keep = list(DashboardRefresh.objects.values_list("pk", flat=True)[:20])
    DashboardRefresh.objects.exclude(pk__in=keep).delete()
    return run


def refresh_due(now=None) -> bool:
    """Whether the periodic job should refresh now (reports.dashboard_figures_minutes)."""
    import datetime as dt

    minutes = config.get("reports.dashboard_figures_minutes")
    if not minutes:
        return False
    now = now or clock.now()
    running = DashboardRefresh.objects.filter(
        status=DashboardRefresh.Status.RUNNING,
        started_at__gt=now - dt.timedelta(minutes=STALE_RUN_MINUTES),
    )
    if running.exists():
        return False
    last = DashboardRefresh.objects.filter(status=DashboardRefresh.Status.DONE).first()
    return last is None or last.started_at <= now - dt.timedelta(minutes=minutes)
