"""Keeping the register of care facilities and foster carers (F4): registration,
licences, capacity and inspections. Managing it needs facility.manage over the
provider's area."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.care.models import (
    CapacityBand,
    Facility,
    FosterCarer,
    Inspection,
    InspectionAction,
)
from hearth.core import clock, writes
from hearth.core.errors import Refused

FACILITY_FIELDS = frozenset(
    {
        "name", "kind", "registration_number", "licence_number", "licence_expires_on",
        "capacity", "location", "address", "contact_name", "phone", "email",
        "managing_agency", "operator", "is_active", "notes",
    }
)  # fmt: skip
CARER_FIELDS = frozenset(
    {
        "household", "person", "approval_number", "approved_on", "approval_expires_on",
        "capacity", "location", "agency", "is_active", "notes",
    }
)  # fmt: skip


def _assign(obj, fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _in_my_area(actor, location) -> None:
    """A manager registers providers in their own areas; a role over everything
    anywhere."""
    for role in policy.roles_of(actor):
        if "facility.manage" not in role.permissions:
            continue
        if role.scope == "all":
            return
        mine = policy.area_paths(actor) if role.scope == "area" else []
        if location is not None and any(location.path.startswith(p) for p in mine):
            return
    raise Refused(_("You may register providers only in your own areas."), field="location")


@transaction.atomic
def facility_create(*, actor, **fields) -> Facility:
    policy.require(actor, "facility.manage")
    facility = Facility()
    _assign(facility, fields, FACILITY_FIELDS)
    _in_my_area(actor, facility.location if facility.location_id else None)
    writes.create(facility, actor=actor)
    record_change(actor=actor, action="care.facility_create", target=facility, before=None)
    return facility


@transaction.atomic
def facility_update(
    *, actor, facility: Facility, expected_version: int | None = None, **fields
) -> Facility:
    policy.require(actor, "facility.manage", facility)
    before = writes.snapshot(facility)
    _assign(facility, fields, FACILITY_FIELDS)
    if "location" in fields:
        _in_my_area(actor, facility.location)
    writes.update(facility, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="care.facility_update", target=facility, before=before)
    return facility


@transaction.atomic
def capacity_band_add(
    *, actor, facility: Facility, places: int, sex: str = "any", age_from: int = 0, age_to: int = 17
) -> CapacityBand:
    """Places by sex and age band. The bands together may not exceed the capacity."""
    policy.require(actor, "facility.manage", facility)
    band = CapacityBand(facility=facility, sex=sex, age_from=age_from, age_to=age_to, places=places)
    used = sum(b.places for b in facility.bands.filter(is_voided=False))
    if places and used + places > facility.capacity:
        raise ValidationError(
            {"places": _("The bands would add up to %(n)s places, more than the capacity of %(c)s.")
             % {"n": used + places, "c": facility.capacity}}
        )  # fmt: skip
    writes.create(band, actor=actor)
    record_change(actor=actor, action="care.capacity_band_add", target=band, before=None)
    return band


@transaction.atomic
def capacity_band_remove(*, actor, band: CapacityBand) -> CapacityBand:
    policy.require(actor, "facility.manage", band.facility)
    before = writes.snapshot(band)
    writes.void(band, actor=actor, reason=_("Capacity band removed"))
    record_change(actor=actor, action="care.capacity_band_remove", target=band, before=before)
    return band


@transaction.atomic
def foster_carer_create(*, actor, **fields) -> FosterCarer:
    policy.require(actor, "facility.manage")
    carer = FosterCarer()
    _assign(carer, fields, CARER_FIELDS)
    for who in (carer.household, carer.person):
        if who is not None:
            policy.require(actor, "person.view", who)
    _in_my_area(actor, carer.location if carer.location_id else None)
    writes.create(carer, actor=actor)
    record_change(actor=actor, action="care.foster_carer_create", target=carer, before=None)
    return carer


@transaction.atomic
def foster_carer_update(
    *, actor, carer: FosterCarer, expected_version: int | None = None, **fields
) -> FosterCarer:
    policy.require(actor, "facility.manage", carer)
    before = writes.snapshot(carer)
    _assign(carer, fields, CARER_FIELDS)
    if "location" in fields:
        _in_my_area(actor, carer.location)
    writes.update(carer, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="care.foster_carer_update", target=carer, before=before)
    return carer


@transaction.atomic
def inspection_record(
    *,
    actor,
    inspected_on: dt.date,
    inspector: str,
    findings: str,
    rating: str,
    facility: Facility | None = None,
    foster_carer: FosterCarer | None = None,
    actions: list[dict] | None = None,
) -> Inspection:
    """An inspection with its findings and rating, and the follow-up actions it asks
    for, each with a due date."""
    policy.require(actor, "facility.manage", facility or foster_carer)
    inspection = Inspection(
        facility=facility,
        foster_carer=foster_carer,
        inspected_on=inspected_on,
        inspector=(inspector or "").strip(),
        findings=(findings or "").strip(),
        rating=rating,
    )
    writes.create(inspection, actor=actor)
    record_change(actor=actor, action="care.inspection_record", target=inspection, before=None)
    for item in actions or []:
        if not (item.get("description") or "").strip():
            continue
        action = InspectionAction(  # type: ignore[misc]
            inspection=inspection,
            description=item["description"].strip(),
            due_on=item.get("due_on"),
        )
        writes.create(action, actor=actor)
        record_change(actor=actor, action="care.inspection_action_add", target=action, before=None)
    return inspection


@transaction.atomic
def inspection_action_done(
    *, actor, action: InspectionAction, done_on: dt.date | None = None
) -> InspectionAction:
    provider = action.inspection.facility or action.inspection.foster_carer
    policy.require(actor, "facility.manage", provider)
    if action.done_on:
        raise Refused(_("This action is already done."))
    before = writes.snapshot(action)
    action.done_on = done_on or clock.today()
    writes.update(action, actor=actor)
    record_change(actor=actor, action="care.inspection_action_done", target=action, before=before)
    return action
