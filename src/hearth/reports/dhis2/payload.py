"""The DHIS2 data value set for a period (H5): each active data element mapping,
computed by the indicator engine for each mapped area, over what the acting user
may see - so the national set is sent by a user with national reporting scope.

Format: DHIS2 Web API, "Data values › Sending data value sets"
(https://docs.dhis2.org/en/develop/using-the-api/dhis-core-version-master/data.html):
{"dataSet"?, "completeDate"?, "period"?, "dataValues": [{"dataElement", "period",
"orgUnit", "categoryOptionCombo", "attributeOptionCombo"?, "value"}]}, values as
strings."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.core import clock
from hearth.places.models import Location
from hearth.reports.dhis2 import mapping as disaggregation
from hearth.reports.indicators import Period, compute, registry
from hearth.reports.models import DataElementMapping, Dhis2Server, OrgUnitMapping

PERMISSION = "dhis2.manage"


@dataclass
class DataValue:
    data_element: str
    period: str
    org_unit: str
    category_option_combo: str
    attribute_option_combo: str
    value: str
    # For people reading the preview:
    indicator: str = ""
    disaggregation: str = ""
    area: str = ""

    def as_json(self) -> dict:
        out = {
            "dataElement": self.data_element,
            "period": self.period,
            "orgUnit": self.org_unit,
            "categoryOptionCombo": self.category_option_combo,
        }
        if self.attribute_option_combo:
            out["attributeOptionCombo"] = self.attribute_option_combo
        out["value"] = self.value
        return out


@dataclass
class DataValueSet:
    period: Period
    values: list[DataValue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    data_set: str = ""
    complete_date: str = ""

    def as_json(self) -> dict:
        out: dict = {}
        if self.data_set:
            out["dataSet"] = self.data_set
            if self.complete_date:
                out["completeDate"] = self.complete_date
                out["period"] = self.period.code
        out["dataValues"] = [v.as_json() for v in self.values]
        return out


def text(value) -> str:
    """A number as DHIS2 reads it: 12, 12.5 - never 12.0 or 1e+06."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(round(number, 4))


def coverage(user) -> list[str] | None:
    """Where the user's reporting scope reaches: None for everywhere, else the
    location paths it covers (empty when it is not by area at all)."""
    scopes = {role.scope for role in policy.roles_of(user) if "report.view" in role.permissions}
    if "all" in scopes:
        return None
    return list(policy.area_paths(user)) if "area" in scopes else []


def build(*, actor, period: Period, server: Dhis2Server | None = None) -> DataValueSet:
    """The data value set for `period` as `actor` may see it, with warnings about
    what is left out: unmapped areas that have figures, mappings that cannot be
    computed, and a scope smaller than the country."""
    policy.require(actor, PERMISSION)
    found = DataValueSet(period)
    if server is not None and server.data_set:
        found.data_set = server.data_set
        if server.mark_complete:
            found.complete_date = clock.today().isoformat()
    covered = coverage(actor)
    if covered is not None:
        found.warnings.append(
            _(
                "Your reporting scope does not cover the whole country: the figures count "
                "only the cases you may see. Send the national figures as a user with "
                "national reporting scope."
            )
        )
    units = list(OrgUnitMapping.objects.filter(is_voided=False).select_related("location"))
    if not units:
        found.warnings.append(_("No area is mapped to a DHIS2 organisation unit yet."))
    by_level: dict[int, dict[str, OrgUnitMapping]] = {}
    for unit in units:
        by_level.setdefault(unit.location.depth, {})[unit.location.code] = unit
    indicators = registry()
    cache: dict = {}
    unmapped: dict[str, set[int]] = {}  # area code -> levels where it has figures
    no_area: set[tuple[str, int]] = set()
    no_areas: set[str] = set()  # indicators without an area dimension
    labels: dict = {}
    for row in DataElementMapping.objects.filter(is_voided=False, active=True):
        indicator = indicators.get(row.indicator_code)
        if indicator is None:
            found.warnings.append(
                _("Mapping %(m)s: there is no indicator %(i)s; it is left out.")
                % {"m": row.disaggregation, "i": row.indicator_code}
            )
            continue
        pairs = row.pairs
        missing = [d for d, _v in pairs if d not in indicator.dimensions]
        if missing:
            found.warnings.append(
                _("%(i)s cannot be broken down by %(d)s; that mapping is left out.")
                % {"i": indicator.code, "d": ", ".join(missing)}
            )
            continue
        key = (indicator.code, tuple(pairs))
        if key not in labels:
            labels[key] = disaggregation.label(indicator, pairs)
        for level, mapped in sorted(by_level.items()):
            area = f"area_{level}"
            if area not in indicator.dimensions:
                if indicator.code not in no_areas:
                    no_areas.add(indicator.code)
                    found.warnings.append(
                        _("%(i)s cannot be broken down by area; it is left out.")
                        % {"i": indicator.code}
                    )
                continue
            per_area = _values(indicator, actor, period, area, pairs, cache)
            for code, value in per_area.items():
                if code in (None, ""):
                    if value:
                        no_area.add((indicator.code, level))
                elif code not in mapped and value:
                    unmapped.setdefault(code, set()).add(level)
            for code, unit in mapped.items():
                value = per_area.get(code)
                if value is None and indicator.unit == "count" and _covers(covered, unit):
                    value = 0  # nothing counted there: say so, DHIS2 may already hold more
                if value is None:
                    continue
                found.values.append(
                    DataValue(
                        data_element=row.data_element,
                        period=period.code,
                        org_unit=unit.org_unit,
                        category_option_combo=row.category_option_combo,
                        attribute_option_combo=row.attribute_option_combo,
                        value=text(value),
                        indicator=str(indicator.name),
                        disaggregation=labels[key],
                        area=unit.location.name,
                    )
                )
    found.warnings += _unmapped_warnings(unmapped, no_area)
    found.values.sort(
        key=lambda v: (
            v.data_element,
            v.org_unit,
            v.category_option_combo,
            v.attribute_option_combo,
        )  # fmt: skip
    )
    return found


def _covers(covered: list[str] | None, unit: OrgUnitMapping) -> bool:
    if covered is None:
        return True
    return any(unit.location.path.startswith(prefix) for prefix in covered)


def _values(indicator, actor, period, area: str, pairs, cache: dict) -> dict:
    """Area code -> value of the indicator for one disaggregation, at one level.
    Mappings that share a breakdown share one computation."""
    by = [area] + [d for d, _v in pairs[:1]]
    filters = dict(pairs[1:])
    key = (indicator.code, tuple(by), tuple(sorted(filters.items())))
    if key not in cache:
        cache[key] = compute(indicator, actor, period, by=by, filters=filters)
    result = cache[key]
    out: dict = {}
    for row in result.rows:
        if pairs and str(row.keys[pairs[0][0]]) != pairs[0][1]:
            continue
        out[row.keys[area]] = row.value
    return out


def _unmapped_warnings(unmapped: dict[str, set[int]], no_area: set) -> list[str]:
    warnings = []
    names = dict(Location.objects.filter(code__in=unmapped).values_list("code", "name"))
    for code in sorted(unmapped):
        warnings.append(
            _("%(name)s (%(code)s) has figures but no DHIS2 organisation unit; they are left out.")
            % {"name": names.get(code, code), "code": code}
        )
    for code, level in sorted(no_area):
        warnings.append(
            _(
                "%(i)s: some records have no area at level %(l)s; they are counted in no "
                "organisation unit at that level."
            )
            % {"i": code, "l": level}
        )
    return warnings
