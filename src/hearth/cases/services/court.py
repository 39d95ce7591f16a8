"""Court and police involvement (D4): the proceedings, their hearings, and the
legal orders about the child (F9).

Orders are kept generic (type, issuing court, number, dates, terms) so that care
arrangements can point to the order that authorises them. Records are corrected
by editing and removed only by voiding with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases import workflow
from hearth.cases.models import Case, CourtInvolvement, Hearing, LegalOrder
from hearth.core import clock, writes
from hearth.core.errors import Refused

INVOLVEMENT_FIELDS = frozenset(
    {"kind", "institution", "file_number", "officer", "opened_on", "notes"}
)
HEARING_FIELDS = frozenset({"held_on", "purpose", "outcome", "next_hearing_on"})
ORDER_FIELDS = frozenset(
    {"kind", "court", "number", "issued_on", "expires_on", "terms", "involvement"}
)


def _apply(obj, allowed: frozenset, fields: dict) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _not_future(obj, field: str, message) -> None:
    day = getattr(obj, field)
    if day and day > clock.today():
        raise ValidationError({field: message})


def _check_involvement(involvement: CourtInvolvement) -> None:
    _not_future(involvement, "opened_on", _("The date cannot be in the future."))


def _check_hearing(hearing: Hearing) -> None:
    if hearing.held_on is None:
        raise ValidationError({"held_on": _("Give the date of the hearing.")})
    _not_future(hearing, "held_on", _("Record a hearing once it has been held."))
    if hearing.next_hearing_on and hearing.next_hearing_on <= hearing.held_on:
        raise ValidationError({"next_hearing_on": _("The next hearing is after this one.")})


def _check_order(order: LegalOrder) -> None:
    _not_future(order, "issued_on", _("The issue date cannot be in the future."))
    involvement = order.involvement
    if involvement is not None and (involvement.case_id != order.case_id or involvement.is_voided):
        raise ValidationError({"involvement": _("Choose proceedings of this case.")})


def _for_change(actor, case: Case) -> None:
    policy.require(actor, "case.work", case)
    workflow.require_open(case)


# --- involvement ------------------------------------------------------------------


@transaction.atomic
def involvement_create(*, actor, case: Case, **fields) -> CourtInvolvement:
    """Record that a court or the police is involved with the child's case."""
    return _save_new(
        actor,
        CourtInvolvement(case=case),
        INVOLVEMENT_FIELDS,
        fields,
        _check_involvement,
        "court.involvement_create",
    )


@transaction.atomic
def involvement_update(
    *, actor, involvement: CourtInvolvement, expected_version: int | None = None, **fields
) -> CourtInvolvement:
    return _save_changes(
        actor,
        involvement,
        INVOLVEMENT_FIELDS,
        fields,
        _check_involvement,
        "court.involvement_update",
        expected_version,
    )


@transaction.atomic
def involvement_void(*, actor, involvement: CourtInvolvement, reason: str) -> CourtInvolvement:
    """Void proceedings recorded in error, with their hearings. Orders stand on
    their own: void or re-link them first."""
    _for_change(actor, involvement.case)
    if involvement.orders.filter(is_voided=False).exists():
        raise Refused(
            _("Legal orders are linked to these proceedings. Void them or link them elsewhere.")
        )
    for hearing in involvement.hearings.filter(is_voided=False):
        _void(actor, hearing, reason, "court.hearing_void")
    _void(actor, involvement, reason, "court.involvement_void")
    return involvement


def _void(actor, obj, reason: str, action: str) -> None:
    before = writes.snapshot(obj)
    writes.void(obj, actor=actor, reason=reason)
    record_change(actor=actor, action=action, target=obj, before=before)


def _save_new(actor, row, allowed: frozenset, fields: dict, check, action: str):
    """Proceedings, hearings and orders are written the same way: only their own
    fields, their own checks, then the row and its audit event."""
    _for_change(actor, row.case)
    _apply(row, allowed, fields)
    check(row)
    writes.create(row, actor=actor)
    record_change(actor=actor, action=action, target=row, before=None)
    return row


def _save_changes(actor, row, allowed: frozenset, fields: dict, check, action: str, version):
    _for_change(actor, row.case)
    before = writes.snapshot(row)
    _apply(row, allowed, fields)
    check(row)
    writes.update(row, actor=actor, expected_version=version)
    record_change(actor=actor, action=action, target=row, before=before)
    return row


# --- hearings ---------------------------------------------------------------------


@transaction.atomic
def hearing_add(*, actor, involvement: CourtInvolvement, **fields) -> Hearing:
    """Record a hearing held, its outcome, and the date of the next one."""
    _for_change(actor, involvement.case)
    if involvement.is_voided:
        raise Refused(_("These proceedings were voided."))
    hearing = Hearing(involvement=involvement, case=involvement.case)
    return _save_new(actor, hearing, HEARING_FIELDS, fields, _check_hearing, "court.hearing_add")


@transaction.atomic
def hearing_update(
    *, actor, hearing: Hearing, expected_version: int | None = None, **fields
) -> Hearing:
    return _save_changes(
        actor,
        hearing,
        HEARING_FIELDS,
        fields,
        _check_hearing,
        "court.hearing_update",
        expected_version,
    )


@transaction.atomic
def hearing_void(*, actor, hearing: Hearing, reason: str) -> Hearing:
    _for_change(actor, hearing.case)
    _void(actor, hearing, reason, "court.hearing_void")
    return hearing


# --- legal orders -------------------------------------------------------------------


@transaction.atomic
def order_create(*, actor, case: Case, **fields) -> LegalOrder:
    """Record a legal order about the child, optionally under recorded proceedings."""
    return _save_new(
        actor, LegalOrder(case=case), ORDER_FIELDS, fields, _check_order, "court.order_create"
    )


@transaction.atomic
def order_update(
    *, actor, order: LegalOrder, expected_version: int | None = None, **fields
) -> LegalOrder:
    return _save_changes(
        actor, order, ORDER_FIELDS, fields, _check_order, "court.order_update", expected_version
    )


@transaction.atomic
def order_void(*, actor, order: LegalOrder, reason: str) -> LegalOrder:
    _for_change(actor, order.case)
    _void(actor, order, reason, "court.order_void")
    return order
