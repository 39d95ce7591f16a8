"""Follow-ups and home visits (E1): scheduled with a due date, overdue until done,
and when done they say how contact was made, who was seen and what was observed.

Doing the first visit of an approved plan starts its implementation, as the
first service does. A closed case takes no new visits: reopen it first."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases import deadlines, workflow
from hearth.cases.models import Case, FollowUp
from hearth.core import clock, writes
from hearth.core.errors import Refused

DONE_FIELDS = ("contact", "child_seen", "who_seen", "observations", "action_needed")


def _not_before_registration(case: Case, field: str, day: dt.date) -> None:
    if day < case.registration_date:
        raise ValidationError({field: _("This date is before the case was registered.")})


def _done(follow_up: FollowUp, done_on, fields: dict) -> None:
    if done_on is None:
        raise ValidationError({"done_on": _("Give the date of the visit.")})
    _not_before_registration(follow_up.case, "done_on", done_on)
    unknown = set(fields) - set(DONE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    follow_up.done_on = done_on
    for name, value in fields.items():
        setattr(follow_up, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def followup_schedule(
    *, actor, case: Case, kind: str, due_on: dt.date, purpose: str = ""
) -> FollowUp:
    """Plan a follow-up or home visit for a date from today on."""
    policy.require(actor, "case.work", case)
    workflow.require_open(case)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date the visit is due.")})
    if due_on < clock.today():
        raise ValidationError(
            {
                "due_on": _(
                    "A visit is scheduled for today or later. To record a visit that "
                    "already took place, record it as done."
                )
            }
        )
    follow_up = FollowUp(case=case, kind=kind, due_on=due_on, purpose=(purpose or "").strip())
    writes.create(follow_up, actor=actor)
    record_change(actor=actor, action="followup.schedule", target=follow_up, before=None)
    deadlines.refresh(case)
    return follow_up


@transaction.atomic
def followup_done(
    *,
    actor,
    follow_up: FollowUp,
    done_on: dt.date,
    expected_version: int | None = None,
    **fields,
) -> FollowUp:
    """Record a scheduled visit as done: not in the future, with the kind of contact
    and the observations (the model refuses a visit done without them)."""
    case = follow_up.case
    policy.require(actor, "case.work", case)
    workflow.require_open(case)
    if follow_up.is_voided:
        raise Refused(_("This visit was cancelled."))
    if follow_up.done_on:
        raise Refused(_("This visit is already recorded as done."))
    before = writes.snapshot(follow_up)
    _done(follow_up, done_on, fields)
    writes.update(follow_up, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="followup.done", target=follow_up, before=before)
    workflow.start_implementation(actor=actor, case=case)
    deadlines.refresh(case)
    return follow_up


@transaction.atomic
def followup_log(*, actor, case: Case, kind: str, done_on: dt.date, **fields) -> FollowUp:
    """Record a visit that was not scheduled (the worker was passing, the family
    came to the office): due and done on the same day."""
    policy.require(actor, "case.work", case)
    workflow.require_open(case)
    if done_on is None:
        raise ValidationError({"done_on": _("Give the date of the visit.")})
    purpose = (fields.pop("purpose", "") or "").strip()
    follow_up = FollowUp(case=case, kind=kind, due_on=done_on, purpose=purpose)
    _done(follow_up, done_on, fields)
    writes.create(follow_up, actor=actor)
    record_change(actor=actor, action="followup.done", target=follow_up, before=None)
    workflow.start_implementation(actor=actor, case=case)
    deadlines.refresh(case)
    return follow_up


@transaction.atomic
def followup_reschedule(
    *,
    actor,
    follow_up: FollowUp,
    due_on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> FollowUp:
    """Move a visit not yet done to another date, saying why (kept in the audit trail)."""
    case = follow_up.case
    policy.require(actor, "case.work", case)
    workflow.require_open(case)
    if follow_up.is_voided or follow_up.done_on:
        raise Refused(_("Only a visit still to be done can be rescheduled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the visit is moved.")})
    if due_on is None or due_on < clock.today():
        raise ValidationError({"due_on": _("Choose a date from today on.")})
    if due_on == follow_up.due_on:
        raise ValidationError({"due_on": _("The visit is already due on this date.")})
    before = writes.snapshot(follow_up)
    follow_up.due_on = due_on
    writes.update(follow_up, actor=actor, expected_version=expected_version)
    record_change(
        actor=actor,
        action="followup.reschedule",
        target=follow_up,
        before=before,
        detail={"reason": reason},
    )
    deadlines.refresh(case)
    return follow_up


@transaction.atomic
def followup_cancel(*, actor, follow_up: FollowUp, reason: str) -> FollowUp:
    """Cancel a visit that will not take place: it is voided with the reason."""
    case = follow_up.case
    policy.require(actor, "case.work", case)
    workflow.require_open(case)
    if follow_up.done_on:
        raise Refused(_("This visit took place; it cannot be cancelled."))
    _cancel(actor, follow_up, reason)
    deadlines.refresh(case)
    return follow_up


def _cancel(actor, follow_up: FollowUp, reason: str) -> None:
    before = writes.snapshot(follow_up)
    writes.void(follow_up, actor=actor, reason=reason)
    record_change(actor=actor, action="followup.cancel", target=follow_up, before=before)


def cancel_outstanding(*, actor, case: Case, reason: str) -> int:
    """When a case closes, the visits still to be done will not happen: cancel
    them (each audited) so no one is reminded of them. Returns how many."""
    outstanding = list(case.follow_ups.filter(done_on__isnull=True, is_voided=False))
    for follow_up in outstanding:
        _cancel(actor, follow_up, reason)
    return len(outstanding)
