"""/api/v1/indicators: the indicator registry and each indicator computed for a
period, broken down and filtered, over what the token's user may report on - the
same engine and the same numbers as the dashboards."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router

from hearth.access.decorators import api_requires
from hearth.core.errors import HearthError
from hearth.reports.indicators import Period, compute, dimensions, get, registry
from hearth.reports.indicators.engine import MAX_BY

router = Router(tags=["indicators"])

RESERVED = {"period", "by", "page", "per"}


def _meta(indicator) -> dict:
    return {
        "code": indicator.code,
        "name": str(indicator.name),
        "description": str(indicator.description),
        "numerator": str(indicator.numerator),
        "denominator": str(indicator.denominator),
        "unit": indicator.unit,
        "unit_label": str(indicator.unit_label),
        "source": indicator.source,
        "group": str(indicator.group),
        "dimensions": indicator.dimensions,
    }


def _key(dimension, value):
    if value is None:
        return None
    if dimension in dimensions.PERIODS:
        return dimensions.period_code(dimension, value)
    return value if isinstance(value, (int, float, str)) else str(value)


@router.get("/indicators", summary="The indicator registry with definitions")
@api_requires("report.view")
def indicator_list(request, page: int = 1, per: int = 100):
    if page < 1:
        raise HearthError(_("page starts at 1."), field="page")
    if not 1 <= per <= 200:
        raise HearthError(_("per must be between 1 and %(n)s.") % {"n": 200}, field="per")
    items = [_meta(i) for i in sorted(registry().values(), key=lambda i: i.code)]
    return {
        "total": len(items),
        "page": page,
        "per": per,
        "items": items[(page - 1) * per : page * per],
    }


@router.get("/indicators/{code}", summary="One indicator for a period, broken down")
@api_requires("report.view")
def indicator_value(request, code: str, period: str, by: list[str] = Query([])):  # noqa: B008
    """period: 202611, 2026Q4 or 2026. by: up to three dimensions (repeat the
    parameter). Any other parameter named after a dimension filters on its value,
    e.g. sex=female&area_1=N."""
    try:
        indicator = get(code)
    except KeyError:
        raise Http404 from None
    try:
        chosen = Period.parse(period)
    except ValueError as exc:
        raise HearthError(str(exc), field="period") from None
    if len(by) > MAX_BY:
        raise HearthError(_("Break an indicator down by at most three dimensions."), field="by")
    filters = {k: v for k, v in request.GET.items() if k not in RESERVED}
    unknown = [d for d in [*by, *filters] if d not in indicator.dimensions]
    if unknown:
        raise HearthError(
            _("%(code)s cannot be broken down by %(d)s.") % {"code": code, "d": ", ".join(unknown)},
            field="by",
        )
    try:
        result = compute(indicator, request.user, chosen, by=by, filters=filters)
    except ValueError as exc:
        raise HearthError(str(exc), field="by") from None

    def row(r):
        return {
            "keys": {d: _key(d, v) for d, v in r.keys.items()},
            "labels": {d: result.label(d, v) for d, v in r.keys.items()},
            "numerator": r.numerator,
            "denominator": r.denominator,
            "value": r.value,
        }

    return {
        "indicator": _meta(indicator),
        "period": chosen.code,
        "by": by,
        "filters": filters,
        "total": row(result.total),
        "rows": [row(r) for r in result.rows],
    }
