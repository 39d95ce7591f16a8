"""Import DHIS2 mappings from CSV, in the style of the location import: every line
is tried, one message per bad line, nothing is written unless every line is good,
and a dry run writes nothing at all.

Data element mappings: indicator, disaggregation, data_element,
category_option_combo, attribute_option_combo (optional column). A line for an
indicator × disaggregation already mapped changes that mapping.

Organisation unit mappings: area_code, org_unit. A line for an area already
mapped changes its organisation unit."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record
from hearth.core.errors import HearthError, messages_of
from hearth.places.models import Location
from hearth.reports.dhis2 import mapping, services
from hearth.reports.models import DataElementMapping, OrgUnitMapping

DATA_ELEMENT_COLUMNS = ("indicator", "disaggregation", "data_element", "category_option_combo")
ORG_UNIT_COLUMNS = ("area_code", "org_unit")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


def read(text: str, required: tuple[str, ...]) -> tuple[list[tuple[int, dict]], list[str]]:
    """(line number, {column: value}) for each non-empty line, or the problem
    with the header."""
    reader = csv.DictReader(io.StringIO((text or "").lstrip("\ufeff")))
    columns = [(c or "").strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in required if c not in columns]
    if missing:
        return [], [
            _("The file has no column %(c)s. Expected columns: %(all)s.")
            % {"c": ", ".join(missing), "all": ", ".join(required)}
        ]
    rows = []
    for raw in reader:
        extra = raw.pop(None, None)
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(values.values()) and not extra:
            continue
        if extra:
            values["__extra__"] = "1"
        rows.append((reader.line_num, values))
    return rows, []


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        plain = ("__all__", "disaggregation", "indicator_code")
        return " ".join(
            m if name in plain else f"{name}: {m}"
            for name, ms in messages_of(error).items()
            for m in ms
        )
    return str(getattr(error, "message", error))


def _once(seen: dict, key: tuple, line: int, what: str) -> None:
    """A file says one thing about each mapping: a second line would silently win."""
    if key in seen:
        raise ValidationError(
            _("%(what)s already appears on line %(l)s") % {"what": what, "l": seen[key]}
        )
    seen[key] = line


def _run(actor, rows, apply, result: ImportResult, action: str) -> ImportResult:
    with transaction.atomic():
        for line, values in rows:
            try:
                if "__extra__" in values:
                    raise ValidationError(_("it has more values than the header has columns"))
                # A savepoint per line: a refused line leaves nothing behind, and the
                # lines after it are still checked.
                with transaction.atomic():
                    apply(line, values, result)
            except (ValidationError, HearthError) as error:
                result.errors.append(
                    _("Line %(l)s: %(p)s") % {"l": line, "p": _message(error).rstrip(".") + "."}
                )
        if result.dry_run or result.errors:
            transaction.set_rollback(True)
        else:
            record(actor=actor, action=action,
                   detail={"created": result.created, "updated": result.updated})  # fmt: skip
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result


def import_data_elements(*, actor, text: str, dry_run: bool = True) -> ImportResult:
    policy.require(actor, services.PERMISSION)
    result = ImportResult(dry_run=dry_run)
    rows, result.errors = read(text, DATA_ELEMENT_COLUMNS)
    if result.errors:
        return result

    seen: dict[tuple, int] = {}

    def apply(line: int, values: dict, result: ImportResult) -> None:
        indicator = mapping.indicator_or_error(values["indicator"])
        pairs = mapping.check(indicator, mapping.parse(values["disaggregation"]))
        _once(seen, (indicator.code, *pairs), line, _("this indicator and disaggregation"))
        padded = [*pairs, ("", ""), ("", "")]
        fields = {
            "indicator_code": indicator.code,
            "disaggregation": values["disaggregation"],
            "data_element": values["data_element"],
            "category_option_combo": values["category_option_combo"],
            "attribute_option_combo": values.get("attribute_option_combo", ""),
        }
        current = DataElementMapping.objects.filter(
            is_voided=False,
            active=True,
            indicator_code=indicator.code,
            dimension_1=padded[0][0],
            value_1=padded[0][1],
            dimension_2=padded[1][0],
            value_2=padded[1][1],
        ).first()
        if current is None:
            services.data_element_mapping_create(actor=actor, **fields)
            result.created += 1
        elif (current.data_element, current.category_option_combo,
              current.attribute_option_combo) == (fields["data_element"],
                                                  fields["category_option_combo"],
                                                  fields["attribute_option_combo"]):  # fmt: skip
            result.unchanged += 1
        else:
            services.data_element_mapping_update(actor=actor, mapping_row=current, **fields)
            result.updated += 1

    return _run(actor, rows, apply, result, "dhis2.mapping_import")


def import_org_units(*, actor, text: str, dry_run: bool = True) -> ImportResult:
    policy.require(actor, services.PERMISSION)
    result = ImportResult(dry_run=dry_run)
    rows, result.errors = read(text, ORG_UNIT_COLUMNS)
    if result.errors:
        return result

    seen: dict[tuple, int] = {}

    def apply(line: int, values: dict, result: ImportResult) -> None:
        code = values["area_code"]
        _once(seen, (code,), line, _("area %(c)s") % {"c": code})
        location = Location.objects.filter(code=code, is_voided=False).first()
        if location is None:
            raise ValidationError(_("there is no area with code %(c)s") % {"c": code})
        current = OrgUnitMapping.objects.filter(is_voided=False, location=location).first()
        if current is None:
            services.org_unit_mapping_create(
                actor=actor, location=location, org_unit=values["org_unit"]
            )
            result.created += 1
        elif current.org_unit == values["org_unit"]:
            result.unchanged += 1
        else:
            services.org_unit_mapping_update(
                actor=actor, mapping_row=current, org_unit=values["org_unit"]
            )
            result.updated += 1

    return _run(actor, rows, apply, result, "dhis2.org_unit_import")
