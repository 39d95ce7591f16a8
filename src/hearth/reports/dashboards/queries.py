"""What each dashboard shows, worked out from the indicator engine (so every number
comes from the records the viewer may report on) and linked to the list of
records behind it. The number of queries does not grow with the data: each figure
is one aggregate, each breakdown one GROUP BY."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Case as Case_
from django.db.models import Count, IntegerField, Max, Q, Value, When
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from hearth.accounts.models import User
from hearth.cases.models import Case
from hearth.cases.models.case import RiskLevel
from hearth.cases.queries_plan import approvals_waiting
from hearth.core import config
from hearth.places.models import MAX_DEPTH, LocationLevel
from hearth.reports.dashboards import deadlines, headlines
from hearth.reports.dashboards.choices import Choice, current, deadline_url, records_url
from hearth.reports.indicators import Period, compute, dimensions, get
from hearth.reports.indicators.casework import open_on, reportable_cases
from hearth.reports.indicators.engine import filtered
from hearth.web import charts

config.register(
    "reports.dashboard_cache_seconds",
    0,
    _lazy(
        "Seconds the supervisor and manager dashboards keep their figures before working "
        "them out again (0: always fresh). The lists of records behind them are always live."
    ),
)


def cached(user, key: tuple, build):
    """The dashboard's context, kept for reports.dashboard_cache_seconds for this
    user only (their scope decides every number), so a busy morning of managers
    opening the same page does not recount a million cases each time."""
    seconds = config.get("reports.dashboard_cache_seconds")
    if not seconds:
        return build()
    name = "dashboard:" + hashlib.sha256(repr((user.pk, *key)).encode()).hexdigest()
    found = cache.get(name)
    if found is None:
        found = build()
        for value in found.values():  # querysets become lists before they are kept
            if hasattr(value, "_fetch_all"):
                value._fetch_all()
        cache.set(name, found, seconds)
    return found


def display(indicator, value) -> str:
    if value is None:
        return "–"
    if indicator.unit == "percent":
        return f"{number_format(value, 1)} %"
    if indicator.unit == "days":
        text = number_format(value, 1 if value % 1 else 0)
        return ngettext("%(n)s day", "%(n)s days", 1 if value == 1 else 2) % {"n": text}
    if indicator.unit in ("ratio", "rate_100k"):
        return number_format(value, 1)
    return number_format(value, 0, force_grouping=True)


def tile(code: str, user, choice: Choice, filters: dict | None = None, total=None) -> dict:
    """One headline figure; `total` when it was already counted with others."""
    indicator = get(code)
    filters = {**choice.filters, **(filters or {})}
    if total is None:
        total = compute(indicator, user, choice.period, filters=filters).total
    detail = ""
    if indicator.unit == "percent" and total.denominator is not None:
        detail = _("%(n)s of %(d)s") % {"n": total.numerator, "d": total.denominator}
    elif indicator.unit == "days":
        detail = _("%(n)s cases measured") % {"n": total.numerator}
    return {
        "code": code,
        "label": indicator.name,
        "value": display(indicator, total.value),
        "detail": detail,
        "link": records_url(code, choice.period, filters),
    }


def breakdown(code: str, user, period: Period, by: str, filters: dict) -> list[dict]:
    """Rows {label, value, display, link} of one indicator broken down by `by`."""
    indicator = get(code)
    result = compute(indicator, user, period, by=[by], filters=filters)
    return [
        {
            "key": r.keys[by],
            "label": result.label(by, r.keys[by]),
            "value": r.value,
            "display": display(indicator, r.value),
            "link": records_url(code, period, {**filters, by: r.keys[by]}),
        }
        for r in result.rows
    ]


def caseload_chart(user, period: Period, status_filters: dict) -> dict:
    """Open cases by status, stacked by risk level."""
    result = compute(get("cases.open"), user, period, by=["status", "risk"], filters=status_filters)
    series = [(v, str(label)) for v, label in RiskLevel.choices]
    rows: dict = {}
    for r in result.rows:
        status, risk = r.keys["status"], r.keys["risk"]
        row = rows.setdefault(
            status,
            {
                "label": result.label("status", status),
                "link": records_url("cases.open", period, {**status_filters, "status": status}),
                "parts": {},
            },
        )
        row["parts"][risk] = {
            "value": r.value,
            "link": records_url(
                "cases.open", period, {**status_filters, "status": status, "risk": risk}
            ),
        }
    order = list(Case.Status.values)
    ordered = [rows[s] for s in order if s in rows]
    return {
        "chart": charts.stacked(ordered, series),
        "rows": ordered,
        "series": series,
        "total": result.total.value,
        "total_link": records_url("cases.open", period, status_filters),
    }


def deadline_tiles(found: dict, worker=None) -> list[dict]:
    return [
        {
            "kind": kind,
            "label": label,
            "cells": [
                {
                    "when": when,
                    "value": found[kind][when],
                    "link": deadline_url(kind, when, worker),
                }
                for when in deadlines.WHEN
            ],
        }
        for kind, label in deadlines.KINDS.items()
    ]


# --- the three dashboards ---------------------------------------------------------------


def worker_dashboard(user, choice: Choice) -> dict:
    mine = {"worker": user.pk}
    now = current("month")
    mine_open = deadlines.open_cases(user).filter(owner=user)
    return {
        "caseload": caseload_chart(user, now, mine),
        "deadlines": deadline_tiles(deadlines.counts(mine_open), worker=user.pk),
        "when": deadlines.WHEN,
        "next_due": mine_open.filter(next_due_on__isnull=False)
        .select_related("child")
        .order_by("next_due_on", "number")[:10],
        "tiles": [
            tile(code, user, choice, mine)
            for code in (
                "cases.registered",
                "assessments.on_time",
                "services.on_time",
                "follow_ups.on_time",
            )
        ],  # fmt: skip
    }


ON_TIME = ["assessments.on_time", "plans.on_time", "services.on_time", "follow_ups.on_time",
           "reviews.on_time"]  # fmt: skip


def supervisor_dashboard(user, choice: Choice) -> dict:
    team = deadlines.open_cases(user)
    by_worker = deadlines.counts(team, by="owner")
    now = current("month")
    caseloads = compute(get("cases.open"), user, now, by=["worker"])
    ids = set(by_worker) | {r.keys["worker"] for r in caseloads.rows}
    people = {
        u.pk: u
        for u in User.objects.filter(pk__in=ids).annotate(
            recommended=Max("roles__caseload_recommended"), maximum=Max("roles__caseload_max")
        )
    }
    load_rows = []
    for r in caseloads.rows:
        person = people.get(r.keys["worker"])
        load_rows.append(
            {
                "label": str(person.get_full_name() or person.username) if person else "?",
                "value": r.value,
                "limit": person.maximum if person else None,
                "recommended": person.recommended if person else None,
                "link": records_url("cases.open", now, {"worker": r.keys["worker"]}),
            }
        )
    team_rows = [
        {
            "worker": people.get(pk),
            "tiles": deadline_tiles(found, worker=pk),
        }
        for pk, found in by_worker.items()
    ]
    waiting = approvals_waiting(user)
    return {
        "team_deadlines": team_rows,
        "deadline_totals": deadline_tiles(deadlines.counts(team)),
        "deadline_kinds": deadlines.KINDS,
        "when": deadlines.WHEN,
        "on_time": [tile(code, user, choice) for code in ON_TIME],
        "approvals": waiting.order_by()
        .values("subject")
        .annotate(n=Count("pk"))
        .order_by("subject"),
        "approvals_total": waiting.count(),
        "caseloads": load_rows,
        "caseload_chart": charts.bars(load_rows, limit_key="limit"),
    }


HEADLINES = [
    "cases.open", "cases.registered", "cases.days_to_assessment", "cases.days_to_plan",
    "assessments.on_time", "plans.on_time", "services.on_time", "reviews.on_time",
    "closures.goals_met", "care.in_formal_care", "care.entries", "care.residential_ratio",
]  # fmt: skip
AREA_COLUMNS = ["cases.open", "cases.registered", "assessments.on_time", "care.in_formal_care"]
# The trend lines, in the order trends() gives them.
TRENDS = ["cases.registered", "cases.open", "assessments.on_time"]


def _points(code: str, periods, values: list, choice: Choice) -> dict:
    indicator = get(code)
    points = [
        {
            "label": p.code,
            "value": value,
            "display": display(indicator, value),
            "link": records_url(code, p, choice.filters),
        }
        for p, value in zip(periods, values, strict=True)
    ]
    return {"code": code, "label": indicator.name, "chart": charts.line(points, indicator.unit),
            "points": points}  # fmt: skip


def trends(user, choice: Choice) -> list[dict]:
    """Registrations, open cases and assessments on time over the last periods.
    Cases registered and open are one pass over the cases with a filtered count per
    period (no date arithmetic per row, which SQLite would do in Python). Assessments
    on time are one GROUP BY by the period a row's date falls in (a CASE of date
    ranges): one distinct count per group rather than one per period and measure,
    which on SQLite was a temporary B-tree each."""
    periods = choice.period.previous(_trend_length(choice.kind))
    span = Period.between(periods[0].start, periods[-1].end)
    # Registered is a flow and open a stock, but both are counts of the same cases.
    qs = reportable_cases(user).filter(_area_q(choice))
    measures = {}
    for n, p in enumerate(periods):
        measures[f"r{n}"] = Count("pk", filter=Q(registration_date__range=(p.start, p.end)))
        measures[f"o{n}"] = Count("pk", filter=open_on(p))
    cases = qs.aggregate(**measures)
    indicator = get("assessments.on_time")
    date = indicator.paths["date"]
    bucket = Case_(
        *[When(dimensions.period_range(date, p.code), then=Value(n))
          for n, p in enumerate(periods)],
        output_field=IntegerField(),
    )  # fmt: skip
    found = {
        row["bucket"]: row
        for row in filtered(indicator, user, span, choice.filters)
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(n=Count(indicator.unit_path, distinct=True, filter=indicator.part(span)),
                  d=Count(indicator.unit_path, distinct=True))
        .order_by()
    }  # fmt: skip
    on_time = []
    for n in range(len(periods)):
        row = found.get(n, {})
        on_time.append(round(100 * row["n"] / row["d"], 1) if row.get("d") else None)
    return [
        _points("cases.registered", periods, [cases[f"r{n}"] for n in range(len(periods))], choice),
        _points("cases.open", periods, [cases[f"o{n}"] for n in range(len(periods))], choice),
        _points("assessments.on_time", periods, on_time, choice),
    ]


def _trend_length(kind: str) -> int:
    return {"month": 12, "quarter": 8, "year": 5}.get(kind, 12)


def _area_q(choice: Choice) -> Q:
    if not choice.area:
        return Q()
    return Q(**{f"location__level_{choice.area.depth}": choice.area.code})


def area_table(user, choice: Choice, level: int, known: dict | None = None) -> dict:
    """Indicators by area at `level`, shaded column by column like a map. `known`:
    columns already counted with other figures ({code: Result})."""
    by = f"area_{level}"
    columns: list = []
    areas: dict = {}
    for code in AREA_COLUMNS:
        indicator = get(code)
        result = (known or {}).get(code) or compute(
            indicator, user, choice.period, by=[by], filters=choice.filters, with_total=False
        )
        cells = {}
        for r in result.rows:
            areas.setdefault(r.keys[by], result.label(by, r.keys[by]))
            cells[r.keys[by]] = r
        columns.append((code, indicator, cells))
    keys = sorted(areas, key=lambda k: str(areas[k]))
    shades = {}
    for code, _indicator, cells in columns:
        values = [cells[k].value if k in cells else None for k in keys]
        shades[code] = dict(zip(keys, charts.shade(values), strict=True))
    rows = []
    for key in keys:
        row = {"label": areas[key], "cells": []}
        for code, indicator, cells in columns:
            r = cells.get(key)
            row["cells"].append(
                {
                    "display": display(
                        indicator, r.value if r else (0 if indicator.unit == "count" else None)
                    ),
                    "shade": shades[code].get(key),
                    "link": records_url(code, choice.period, {**choice.filters, by: key}),
                }
            )
        rows.append(row)
    return {"headers": [indicator.name for _c, indicator, _cells in columns], "rows": rows}


def manager_dashboard(user, choice: Choice, level: int) -> dict:
    # Read from the figures kept as data when they can answer exactly for this
    # viewer (stored.py says when); otherwise the whole page is counted live.
    from hearth.reports.dashboards import stored

    kept = stored.manager_dashboard(user, choice, level)
    if kept is not None:
        return kept
    levels = list(LocationLevel.objects.filter(depth__lte=MAX_DEPTH))
    series = trends(user, choice)
    # Figures that share their rows with another are counted together (headlines.py).
    known, by_area = headlines.known_totals(user, choice, series, level)
    return {
        "headlines": [tile(code, user, choice, total=known.get(code)) for code in HEADLINES],
        "trends": series,
        "area_table": area_table(user, choice, level, by_area),
        "levels": levels,
        "level": level,
    }
