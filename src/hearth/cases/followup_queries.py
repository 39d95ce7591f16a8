"""Reads for following a case through: visits, notes, reviews, court and orders,
closure. Across cases they start from the cases the reader may see; within one
case they start from a case already fetched through the access policy.

Also the reminders of hearings coming up and orders about to expire (deadlines
are data: these are queries, phrased as reminders)."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.cases.access import visible_cases
from hearth.cases.models import Case, CaseNote, CourtInvolvement, FollowUp, Hearing, LegalOrder
from hearth.cases.notices import case_link
from hearth.core import clock, config
from hearth.core.errors import NotFound
from hearth.notify import reminders
from hearth.notify.reminders import Reminder

config.register(
    "cases.order_expiry_warning_days",
    30,
    gettext_lazy("Days before a legal order expires from which the case page warns of it (F9)."),
)
config.register(
    "cases.hearing_reminder_days",
    7,
    gettext_lazy("Days before a court hearing that the caseworker is reminded of it (D4)."),
)


def child_for(user, model, pk):
    """One row belonging to a case `user` may see (voided rows are gone), or
    NotFound for missing and invisible alike. The services check what the user
    may do with it."""
    qs = model.objects.filter(is_voided=False, case__in=visible_cases(user)).select_related("case")
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound(_("Not found.")) from exc


# --- follow-ups ---------------------------------------------------------------------


def follow_ups_of(case: Case):
    """Visits still to do (soonest first), then those done (latest first)."""
    # One read in the "done" order, split here: a case has tens of visits, and
    # one query costs more to build than the sorting of them does.
    live = list(
        case.follow_ups.filter(is_voided=False)
        .select_related("created_by", "updated_by")
        .order_by(F("done_on").desc(nulls_last=True), "-created_at")
    )
    todo = sorted((f for f in live if f.done_on is None), key=lambda f: f.due_on)
    return todo, [f for f in live if f.done_on is not None]


def overdue_follow_ups(user, today: dt.date | None = None):
    """Visits past their due date and not done, on open cases the user may see (E1)."""
    return (
        FollowUp.objects.filter(
            case__in=visible_cases(user).exclude(status=Case.Status.CLOSED),
            is_voided=False,
            done_on__isnull=True,
            due_on__lt=today or clock.today(),
        )
        .select_related("case")
        .order_by("due_on", "pk")
    )


# --- notes --------------------------------------------------------------------------


def notes_of(case: Case, kind: str = ""):
    """The case's notes, newest first, with what each corrects."""
    corrections = CaseNote.objects.filter(corrects=OuterRef("pk"), is_voided=False)
    qs = (
        case.notes.filter(is_voided=False)
        .select_related("created_by", "corrects")
        .annotate(corrected=Exists(corrections))
    )
    return qs.filter(kind=kind) if kind else qs


# --- court and legal orders ------------------------------------------------------------


def order_state(
    order: LegalOrder, today: dt.date | None = None, warning_days: int | None = None
) -> tuple[str, int | None]:
    """("expired" | "expiring" | "current", days left) for the case page's badge. An
    order without an expiry date stays current until it is replaced or voided.
    `warning_days`: the setting, when the caller has read it for several orders."""
    if order.expires_on is None:
        return "current", None
    left = (order.expires_on - (today or clock.today())).days
    if left < 0:
        return "expired", left
    if warning_days is None:
        warning_days = config.get("cases.order_expiry_warning_days")
    if left <= warning_days:
        return "expiring", left
    return "current", left


def involvements_of(case: Case) -> list[CourtInvolvement]:
    """Proceedings with their hearings (oldest first) and the next hearing date: the
    one the latest hearing set."""
    hearings = Hearing.objects.filter(is_voided=False).order_by("held_on", "created_at")
    involvements = list(
        case.court_involvements.filter(is_voided=False).prefetch_related(
            Prefetch("hearings", queryset=hearings, to_attr="live_hearings")
        )
    )
    for involvement in involvements:
        last = involvement.live_hearings[-1] if involvement.live_hearings else None
        involvement.next_hearing_on = last.next_hearing_on if last else None
    return involvements


def orders_of(case: Case, warning_days: int | None = None) -> list[LegalOrder]:
    """The case's orders, each with `state` and `days_left` for its badge (the
    warning period read once for all of them, not once an order)."""
    orders = list(case.legal_orders.filter(is_voided=False).select_related("involvement"))
    if orders and warning_days is None:
        warning_days = config.get("cases.order_expiry_warning_days")
    today = clock.today()
    for order in orders:
        order.state, order.days_left = order_state(order, today, warning_days)
    return orders


def orders_expiring(user, today: dt.date | None = None):
    """Orders on open cases the user may see that expire within the warning period
    or have expired."""
    today = today or clock.today()
    until = today + dt.timedelta(days=config.get("cases.order_expiry_warning_days"))
    return (
        LegalOrder.objects.filter(
            case__in=visible_cases(user).exclude(status=Case.Status.CLOSED),
            is_voided=False,
            expires_on__lte=until,
        )
        .select_related("case")
        .order_by("expires_on", "pk")
    )


# --- reminders (E5) -----------------------------------------------------------------


def _date(day: dt.date | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _hearing_title(hearing: Hearing):
    return lambda: (
        _("Court hearing for case %(n)s on %(date)s")
        % {
            "n": hearing.case.number,
            "date": _date(hearing.next_hearing_on),
        }
    )


def _order_title(order: LegalOrder):
    return lambda: (
        _("A legal order on case %(n)s expires on %(date)s")
        % {
            "n": order.case.number,
            "date": _date(order.expires_on),
        }
    )


def hearings_coming(today: dt.date):
    """Remind the caseworker of the next hearing of open proceedings, once."""
    until = today + dt.timedelta(days=config.get("cases.hearing_reminder_days"))
    later = Hearing.objects.filter(
        involvement=OuterRef("involvement"), held_on__gt=OuterRef("held_on"), is_voided=False
    )
    hearings = (
        Hearing.objects.filter(
            is_voided=False,
            involvement__is_voided=False,
            next_hearing_on__gte=today,
            next_hearing_on__lte=until,
        )
        .filter(~Q(Exists(later)))
        .exclude(case__status=Case.Status.CLOSED)
        .exclude(case__is_voided=True)
        .select_related("case", "case__owner")
    )
    for hearing in hearings:
        yield Reminder(
            user=hearing.case.owner,
            kind="coming_due",
            title=_hearing_title(hearing),
            link=case_link(hearing.case) + "#court",
            case_id=hearing.case_id,
            due_date=hearing.next_hearing_on,
            key=f"hearing:{hearing.pk}:{hearing.next_hearing_on}",
        )


def legal_orders_expiring(today: dt.date):
    """Remind the caseworker once when an order enters its warning period."""
    until = today + dt.timedelta(days=config.get("cases.order_expiry_warning_days"))
    orders = (
        LegalOrder.objects.filter(is_voided=False, expires_on__gte=today, expires_on__lte=until)
        .exclude(case__status=Case.Status.CLOSED)
        .exclude(case__is_voided=True)
        .select_related("case", "case__owner")
    )
    for order in orders:
        yield Reminder(
            user=order.case.owner,
            kind="coming_due",
            title=_order_title(order),
            link=case_link(order.case) + "#court",
            case_id=order.case_id,
            due_date=order.expires_on,
            key=f"legal-order-expiring:{order.pk}:{order.expires_on}",
        )


reminders.register("court_hearings_coming", hearings_coming)
reminders.register("legal_orders_expiring", legal_orders_expiring)
