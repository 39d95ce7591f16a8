"""/api/v1/quality: the data quality report (I5) as JSON."""

from ninja import Router

from hearth.access.decorators import api_requires
from hearth.reports import quality

router = Router(tags=["reports"])


def _group(group: quality.Group) -> dict:
    return {
        "key": group.value,
        "label": group.label,
        "cases": group.cases,
        "inactive": group.inactive,
        "completeness": {
            key: {"required": m.required, "recorded": m.recorded, "percent": m.percent}
            for key, m in group.measures.items()
        },
    }


@router.get("/quality", summary="Data quality: completeness, inconsistencies, inactive cases")
@api_requires("dataquality.view")
def quality_report(request, level: int = 1):
    found = quality.report(request.user, level)
    return {
        "level": found["level"],
        "inactive_days": found["inactive_days"],
        "measures": {item.key: str(item.label) for item in found["items"]},
        "total": _group(found["total"]),
        "by_area": [_group(g) for g in found["by_area"]],
        "by_worker": [_group(g) for g in found["by_worker"]],
        "inconsistencies": [
            {"key": check.key, "label": str(check.label), "cases": count}
            for check, count in found["inconsistencies"]
        ],
    }
