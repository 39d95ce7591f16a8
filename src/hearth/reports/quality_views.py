"""The data quality report (I5) and the lists of cases behind its numbers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from hearth.access.decorators import requires
from hearth.cases.access import visible_cases
from hearth.places.models import MAX_DEPTH, LocationLevel
from hearth.reports import quality


def _level(request) -> int:
    try:
        return max(1, min(int(request.GET.get("level", 1)), MAX_DEPTH))
    except ValueError:
        return 1


@requires("dataquality.view")
def quality_report(request):
    level = _level(request)
    names = dict(LocationLevel.objects.values_list("depth", "name"))
    return render(
        request,
        "reports/quality_report.html",
        {
            **quality.report(request.user, level),
            "levels": [(d, names.get(d, d)) for d in range(1, MAX_DEPTH + 1)],
        },
    )


@requires("dataquality.view")
def quality_cases(request):
    params = request.GET
    level = _level(request)
    measure = params.get("measure", "")
    try:
        qs = quality.cases_behind(
            request.user, measure, by=params.get("by", ""), value=params.get("value", ""),
            level=level,
        )  # fmt: skip
    except ValueError as exc:
        raise Http404 from exc
    page = Paginator(qs, 50).get_page(params.get("page"))
    # Case numbers link to the case only for those who may open it.
    openable = set(
        visible_cases(request.user).filter(pk__in=[c.pk for c in page]).values_list("pk", flat=True)
    )
    return render(
        request,
        "reports/quality_cases.html",
        {
            "page": page,
            "openable": openable,
            "title": quality.measure_label(measure),
            "params": params,
        },
    )
