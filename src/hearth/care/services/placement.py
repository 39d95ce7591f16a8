"""Life in a placement: reviews at least every three months (F5), contact with the
family (F6), and discharge, which ends it (F10)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.care import timeframes
from hearth.care.models import CareArrangement, Discharge, FamilyContact, PlacementReview
from hearth.care.services.timeline import lock_child, relink
from hearth.core import writes
from hearth.core.errors import Refused
from hearth.registry import services as registry


def _within(arrangement: CareArrangement, day: dt.date, field: str) -> None:
    if day is None:
        return
    if day < arrangement.start_date or (arrangement.end_date and day > arrangement.end_date):
        raise ValidationError(
            {field: _("The date must fall within the placement (%(from)s to %(to)s).")
             % {
                 "from": formats.date_format(arrangement.start_date, "SHORT_DATE_FORMAT"),
                 "to": formats.date_format(arrangement.end_date, "SHORT_DATE_FORMAT")
                 if arrangement.end_date
                 else _("now"),
             }}
        )  # fmt: skip


def _writable(actor, arrangement: CareArrangement) -> None:
    policy.require(actor, "care.manage", arrangement.case)
    if not arrangement.case.is_open:
        raise Refused(_("The case is closed. Reopen it first."))
    if arrangement.is_voided:
        raise Refused(_("This arrangement was voided."))


@transaction.atomic
def placement_review_record(
    *,
    actor,
    arrangement: CareArrangement,
    held_on: dt.date,
    participants: str,
    decision: str,
    child_participated: bool = False,
    child_views: str = "",
    findings: str = "",
    decision_notes: str = "",
    next_review_on: dt.date | None = None,
) -> PlacementReview:
    """Review a formal placement (F5). The next review is due at most the configured
    number of days (three months at most) after this one; it becomes the
    placement's review due date."""
    _writable(actor, arrangement)
    if not arrangement.is_formal:
        raise Refused(
            _("Placement reviews are for formal care; follow up informal care on the case.")
        )
    _within(arrangement, held_on, "held_on")
    days = timeframes.review_days()
    latest_allowed = held_on + dt.timedelta(days=days) if held_on else None
    next_review_on = next_review_on or latest_allowed
    if next_review_on and latest_allowed and next_review_on > latest_allowed:
        raise ValidationError(
            {
                "next_review_on": _("The next review is due within %(n)s days of this one.")
                % {"n": days}
            }
        )
    review = PlacementReview(  # type: ignore[misc]
        arrangement=arrangement,
        case=arrangement.case,
        held_on=held_on,
        participants=(participants or "").strip(),
        child_participated=child_participated,
        child_views=child_views.strip(),
        findings=findings.strip(),
        decision=decision,
        decision_notes=decision_notes.strip(),
        next_review_on=next_review_on,
    )
    writes.create(review, actor=actor)
    record_change(actor=actor, action="care.review_record", target=review, before=None)
    latest = arrangement.reviews.filter(is_voided=False).order_by("-held_on", "-created_at").first()
    if latest is not None and latest.pk == review.pk and arrangement.end_date is None:
        before = writes.snapshot(arrangement)
        arrangement.next_review_on = next_review_on
        writes.update(arrangement, actor=actor)
        record_change(actor=actor, action="care.review_due", target=arrangement, before=before)
    return review


@transaction.atomic
def family_contact_record(
    *,
    actor,
    arrangement: CareArrangement,
    contact_on: dt.date,
    with_whom: str,
    method: str,
    initiated_by: str,
    notes: str = "",
    relative=None,
) -> FamilyContact:
    """Log contact between a child in care and their family (F6): who, when, how,
    and who initiated it."""
    _writable(actor, arrangement)
    _within(arrangement, contact_on, "contact_on")
    if relative is not None:
        policy.require(actor, "person.view", relative)
    contact = FamilyContact(
        arrangement=arrangement,
        case=arrangement.case,
        child=arrangement.child,
        contact_on=contact_on,
        with_whom=(with_whom or "").strip(),
        relative=relative,
        method=method,
        initiated_by=initiated_by,
        notes=notes.strip(),
    )
    writes.create(contact, actor=actor)
    record_change(actor=actor, action="care.contact_record", target=contact, before=None)
    return contact


@transaction.atomic
def discharge_record(
    *,
    actor,
    arrangement: CareArrangement,
    discharged_on: dt.date,
    kind: str,
    destination: str = "",
    destination_household=None,
    notes: str = "",
) -> Discharge:
    """Discharge a child from a placement (F10): type, destination and date. The
    date is the child's last day in the placement, which ends on it. A death in
    care is recorded on the child too, when the worker may do so."""
    _writable(actor, arrangement)
    lock_child(arrangement.child)
    if hasattr(arrangement, "discharge"):
        raise Refused(_("This placement already has a discharge."))
    if discharged_on and discharged_on < arrangement.start_date:
        raise ValidationError({"discharged_on": _("The discharge is after the placement starts.")})
    if arrangement.end_date and discharged_on != arrangement.end_date:
        raise ValidationError(
            {"discharged_on": _("This placement ended on %(d)s; the discharge has that date.")
             % {"d": formats.date_format(arrangement.end_date, "SHORT_DATE_FORMAT")}}
        )  # fmt: skip
    discharge = Discharge(
        arrangement=arrangement,
        case=arrangement.case,
        discharged_on=discharged_on,
        kind=kind,
        destination=destination.strip(),
        destination_household=destination_household,
        notes=notes.strip(),
    )
    writes.create(discharge, actor=actor)
    record_change(actor=actor, action="care.discharge", target=discharge, before=None)
    if arrangement.end_date is None:
        before = writes.snapshot(arrangement)
        arrangement.end_date = discharged_on
        arrangement.next_review_on = None
        writes.update(arrangement, actor=actor)
        record_change(actor=actor, action="care.arrangement_end", target=arrangement, before=before)
        relink(arrangement.child)
    child = arrangement.child
    death = kind == Discharge.Kind.DEATH and not child.date_of_death
    if death and policy.can(actor, "person.edit", child):
        registry.person_update(actor=actor, person=child, date_of_death=discharged_on)
    return discharge
