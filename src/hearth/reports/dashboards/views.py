"""Dashboard pages (H4), the indicator pages, and the list of records behind any
number on them. Every page needs `report.view` and counts only what the viewer's
reporting scope covers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from hearth.access.decorators import requires
from hearth.cases.access import visible_cases
from hearth.cases.models import Case
from hearth.places.models import MAX_DEPTH
from hearth.reports.dashboards import deadlines, queries
from hearth.reports.dashboards.choices import KINDS, choose, records_url
from hearth.reports.indicators import Period, compute, dimensions, get, registry
from hearth.reports.indicators.engine import records as records_behind
from hearth.web import charts


def _base(request, choice, **more) -> dict:
    return {"choice": choice, "kinds": KINDS, **more}


@requires("report.view")
def index(request):
    return render(request, "reports/dashboards/index.html")


@requires("report.view")
def worker(request):
    choice = choose(request)
    context = queries.worker_dashboard(request.user, choice)
    return render(request, "reports/dashboards/worker.html", _base(request, choice, **context))


@requires("report.view")
def supervisor(request):
    choice = choose(request)
    context = queries.cached(
        request.user, ("supervisor", choice.query()),
        lambda: queries.supervisor_dashboard(request.user, choice),
    )  # fmt: skip
    return render(request, "reports/dashboards/supervisor.html", _base(request, choice, **context))


@requires("report.view")
def manager(request):
    choice = choose(request)
    default = min(choice.area.depth + 1, MAX_DEPTH) if choice.area else 1
    try:
        level = max(1, min(int(request.GET.get("level", default)), MAX_DEPTH))
    except ValueError:
        level = default
    context = queries.cached(
        request.user, ("manager", choice.query(level=level)),
        lambda: queries.manager_dashboard(request.user, choice, level),
    )  # fmt: skip
    return render(request, "reports/dashboards/manager.html", _base(request, choice, **context))


@requires("report.view")
def indicator_list(request):
    groups: dict = {}
    for indicator in registry().values():
        groups.setdefault(str(indicator.group), []).append(indicator)
    return render(request, "reports/dashboards/indicator_list.html", {"groups": groups})


def _dimension(request, key: str, allowed: list[str]) -> str:
    value = request.GET.get(key, "")
    return value if value in allowed else ""


@requires("report.view")
def indicator_detail(request, code: str):
    try:
        indicator = get(code)
    except KeyError:
        raise Http404 from None
    choice = choose(request)
    allowed = indicator.dimensions
    by = [
        d for d in (_dimension(request, "by1", allowed), _dimension(request, "by2", allowed)) if d
    ]
    by = list(dict.fromkeys(by))
    try:
        result = compute(indicator, request.user, choice.period, by=by, filters=choice.filters)
    except ValueError as exc:  # e.g. a rate that has no such breakdown
        result, error = None, str(exc)
    else:
        error = ""
    rows = []
    if result:
        for r in result.rows:
            rows.append(
                {
                    "labels": [result.label(d, r.keys[d]) for d in by],
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "display": queries.display(indicator, r.value),
                    "value": r.value,
                    "link": records_url(code, choice.period, {**choice.filters, **r.keys}),
                }
            )
    chart = None
    if result and len(by) == 1:
        chart = charts.bars(
            [{"label": r["labels"][0], "value": r["value"], "display": r["display"],  # type: ignore[index]
              "link": r["link"]} for r in rows]
        )  # fmt: skip
    return render(
        request,
        "reports/dashboards/indicator_detail.html",
        {
            "indicator": indicator,
            "choice": choice,
            "kinds": KINDS,
            "by": by,
            "by_labels": [dimensions.label(d) for d in by],
            "by1": by[0] if by else "",
            "by2": by[1] if len(by) > 1 else "",
            "options": [(d, dimensions.label(d)) for d in allowed],
            "result": result,
            "error": error,
            "rows": rows,
            "chart": chart,
            "total": queries.display(indicator, result.total.value) if result else "",
            "total_link": records_url(code, choice.period, choice.filters),
        },
    )


def _case_ids(request):
    """The cases behind a number: (title, subquery of case ids)."""
    params = request.GET
    if params.get("deadline"):
        kind, when = params["deadline"], params.get("when", "overdue")
        if kind not in deadlines.KINDS or when not in deadlines.WHEN:
            raise Http404
        worker = params.get("worker") or None
        qs = deadlines.cases_with(request.user, kind, when, worker)
        title = f"{deadlines.KINDS[kind]} · {deadlines.WHEN[when]}"
        return title, qs.values("pk")
    try:
        indicator = get(params.get("indicator", ""))
        period = Period.parse(params.get("period", ""))
    except (KeyError, ValueError):
        raise Http404 from None
    filters = {d: params[d] for d in indicator.dimensions if d in params}
    whole = params.get("part") == "whole"
    try:
        rows = records_behind(indicator, request.user, period, filters, part=not whole)
    except ValueError:
        raise Http404 from None
    described = ", ".join(
        f"{dimensions.label(d)}: {_value_label(d, v)}" for d, v in filters.items()
    )
    title = f"{indicator.name} · {period.code}" + (f" · {described}" if described else "")
    if whole and indicator.denominator:
        title += f" · {indicator.denominator}"
    return title, rows.values(indicator.case_path)


def _value_label(dimension, value) -> str:
    if value == "":
        return _("Not recorded")
    if dimension in dimensions.PERIODS:
        return value
    return str(dimensions.value_labels(dimension, [value]).get(value, value))


@requires("report.view")
def records(request):
    title, ids = _case_ids(request)
    qs = (
        Case.objects.filter(pk__in=ids)
        .select_related("owner", "location")
        .order_by("-registration_date", "-number")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    # Case numbers link to the case only for those who may open it.
    openable = set(
        visible_cases(request.user).filter(pk__in=[c.pk for c in page]).values_list("pk", flat=True)
    )
    return render(
        request,
        "reports/dashboards/records.html",
        {"page": page, "openable": openable, "title": title, "params": request.GET},
    )
