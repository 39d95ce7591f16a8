"""What a dashboard is showing: the period (month, quarter or year) and the area,
read from the query string and checked against what the viewer may choose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.core import clock
from hearth.places.models import Location
from hearth.reports.indicators import Period, dimensions

KINDS = {"month": _("Month"), "quarter": _("Quarter"), "year": _("Year")}
TREND_LENGTH = {"month": 12, "quarter": 8, "year": 5}


def current(kind: str, today: dt.date | None = None) -> Period:
    today = today or clock.today()
    if kind == "year":
        return Period.parse(str(today.year))
    if kind == "quarter":
        return Period.parse(f"{today.year}Q{(today.month - 1) // 3 + 1}")
    return Period.parse(f"{today.year}{today.month:02d}")


def area_choices(user):
    """The areas (top two levels, and the viewer's own) a viewer may filter by."""
    qs = Location.objects.filter(is_voided=False)
    if not any(role.scope == "all" for role in policy.roles_of(user)):
        own = list(user.locations.all())
        if not own:
            return qs.none()
        within = Q()
        for loc in own:
            within |= Q(path__startswith=loc.path)
        qs = qs.filter(within)
    return qs.filter(depth__lte=2).order_by("path")


@dataclass
class Choice:
    period: Period
    kind: str
    area: Location | None = None
    filters: dict = field(default_factory=dict)
    periods: list = field(default_factory=list)
    areas: list = field(default_factory=list)

    def query(self, **more) -> str:
        params = {"period": self.period.code}
        if self.area:
            params["area"] = self.area.code
        params.update(more)
        return urlencode(params)


def choose(request) -> Choice:
    kind = request.GET.get("kind", "")
    period = None
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except ValueError:
            period = None
    if period is not None and (not kind or kind == period.kind):
        kind = period.kind
    else:
        kind = kind if kind in KINDS else "month"
        period = current(kind)
    areas = list(area_choices(request.user))
    code = request.GET.get("area", "")
    area = next((a for a in areas if a.code == code), None)
    filters = {f"area_{area.depth}": area.code} if area else {}
    periods = current(kind).previous(TREND_LENGTH[kind])[::-1]
    if period not in periods:
        periods.append(period)
    return Choice(period, kind, area, filters, periods, areas)


def key_text(dimension: str, value) -> str:
    """A breakdown value as written in a link (periods as 202603, 2026Q1...)."""
    if value is None:
        return ""
    if dimension in dimensions.PERIODS:
        return dimensions.period_code(dimension, value)
    return str(value)


def records_url(code: str, period: Period, filters: dict | None = None, whole=False) -> str:
    """The list of records behind a number: an indicator for a period, limited to
    breakdown values; `whole` lists a percentage's denominator instead."""
    params = {"indicator": code, "period": period.code}
    params.update({d: key_text(d, v) for d, v in (filters or {}).items()})
    if whole:
        params["part"] = "whole"
    return f"{reverse('dashboards:records')}?{urlencode(params)}"


def deadline_url(kind: str, when: str, worker=None) -> str:
    params = {"deadline": kind, "when": when}
    if worker is not None:
        params["worker"] = str(worker)
    return f"{reverse('dashboards:records')}?{urlencode(params)}"
