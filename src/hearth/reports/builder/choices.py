"""What the builder page offers: the measures by group, the dimensions a measure
allows, and the values each dimension can be filtered on (as labels people read)."""

from __future__ import annotations

from hearth.reports.indicators import dimensions, engine

# Filtering on a period inside the period adds nothing the period does not say.
NOT_FILTERS = set(dimensions.PERIODS)
MAX_CHOICES = 500


def measures() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(code, name)]) in the registry's order, groups in first-seen order."""
    groups: dict[str, list] = {}
    for code, indicator in engine.registry().items():
        groups.setdefault(str(indicator.group), []).append((code, str(indicator.name)))
    return list(groups.items())


def breakdowns(indicator: engine.Indicator | None) -> list[tuple[str, str]]:
    if indicator is None:
        return []
    return [(d, str(dimensions.label(d))) for d in indicator.dimensions]


def filter_values(dimension: str) -> list[tuple[str, str]]:
    """(value, label) for a dimension, with values as the engine compares them."""
    if dimension in dimensions.AREAS:
        from hearth.places.models import Location

        depth = dimensions.AREAS[dimension]
        rows = Location.objects.filter(depth=depth).order_by("name").values_list("code", "name")
        return list(rows[:MAX_CHOICES])
    if dimension == "sex":
        from hearth.registry.models import Sex

        return [(v, str(label)) for v, label in Sex.choices]
    if dimension == "disability":
        from hearth.registry.models import YesNoUnknown

        return [(v, str(label)) for v, label in YesNoUnknown.choices]
    if dimension == "risk":
        from hearth.cases.models import RiskLevel

        return [(v, str(label)) for v, label in RiskLevel.choices]
    if dimension == "status":
        from hearth.cases.models import Case

        return [(v, str(label)) for v, label in Case.Status.choices]
    if dimension == "care_type":
        from hearth.care.models import CareType

        return list(CareType.objects.order_by("name").values_list("code", "name"))
    if dimension == "concern":
        from hearth.cases.models import ProtectionConcern

        return list(ProtectionConcern.objects.order_by("name").values_list("code", "name"))
    if dimension == "agency":
        from hearth.accounts.models import Agency

        return [(str(pk), name) for pk, name in Agency.objects.values_list("pk", "name")]
    if dimension == "age_band":
        return [(text, text) for _low, _high, text in dimensions.age_bands()]
    return []


def filters_offered(indicator: engine.Indicator | None, chosen: dict) -> list[dict]:
    return [
        {
            "dimension": d,
            "label": label,
            "name": f"f_{d}",
            "values": filter_values(d),
            "selected": chosen.get(d, ""),
        }  # fmt: skip
        for d, label in breakdowns(indicator)
        if d not in NOT_FILTERS
    ]


def filters_shown(filters: dict) -> list[tuple[str, str]]:
    """A saved report's filters as a person reads them."""
    shown = []
    for dimension, value in filters.items():
        labels = dict(filter_values(dimension))
        shown.append((str(dimensions.label(dimension)), str(labels.get(value, value))))
    return shown
