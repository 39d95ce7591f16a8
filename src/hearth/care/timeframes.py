"""The care module's timeframes, configured per deployment (hearth.core.config),
and the due dates computed from them. Due dates are stored on their rows;
"overdue" is a query (see care.tasks)."""

import calendar
import datetime as dt
import math

from django.utils.translation import gettext_lazy, ngettext

from hearth.core import config

config.register(
    "care.review_days",
    90,
    gettext_lazy("Days between reviews of a formal placement; at most 3 months (F5)."),
)
config.register(
    "care.gatekeeping_days",
    30,
    gettext_lazy(
        "How many days before a formal placement its gatekeeping decision may have been made (F2)."
    ),
)
config.register(
    "care.emergency_gatekeeping_hours",
    72,
    gettext_lazy("Hours after an emergency placement within which gatekeeping is recorded (F2)."),
)
config.register(
    "care.safeguard_age",
    3,
    gettext_lazy("Children under this age need a senior's approval for residential care (F3)."),
)
config.register(
    "care.reintegration_visits",
    [[2, "weeks"], [1, "months"], [3, "months"], [6, "months"], [12, "months"]],
    gettext_lazy("When follow-up visits fall after a child returns home, as [number, unit] (F7)."),
)
config.register(
    "care.licence_warning_days",
    60,
    gettext_lazy("Days before a licence expires that it shows as expiring (F4)."),
)
config.register(
    "care.order_warning_days",
    30,
    gettext_lazy("Days before a legal order expires that it comes due (F9)."),
)
config.register(
    "care.review_warning_days",
    14,
    gettext_lazy("Days before a placement review that it shows as coming due (F5)."),
)

# At most three months between reviews, whatever is configured (UN Guidelines §67).
MAX_REVIEW_DAYS = 92


def review_days() -> int:
    return min(int(config.get("care.review_days")), MAX_REVIEW_DAYS)


def review_due(from_date: dt.date) -> dt.date:
    return from_date + dt.timedelta(days=review_days())


def gatekeeping_window() -> dt.timedelta:
    return dt.timedelta(days=int(config.get("care.gatekeeping_days")))


def gatekeeping_due(start: dt.date) -> dt.date:
    """The day by which an emergency placement's gatekeeping must be recorded.
    Placements are dated by day, so the hours are counted from the start of it."""
    hours = int(config.get("care.emergency_gatekeeping_hours"))
    return start + dt.timedelta(days=math.ceil(hours / 24))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 Jan + 1 -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


UNITS = {"days", "weeks", "months"}


def visit_schedule(returned_on: dt.date) -> list[tuple[int, dt.date, str]]:
    """(number, due date, label) of each post-return visit."""
    out = []
    for number, (amount, unit) in enumerate(config.get("care.reintegration_visits"), start=1):
        amount = int(amount)
        if unit not in UNITS:
            raise ValueError(f"care.reintegration_visits: unknown unit {unit!r}")
        if unit == "months":
            due = add_months(returned_on, amount)
            text = ngettext("%(n)s month after the return", "%(n)s months after the return", amount)
        elif unit == "weeks":
            due = returned_on + dt.timedelta(weeks=amount)
            text = ngettext("%(n)s week after the return", "%(n)s weeks after the return", amount)
        else:
            due = returned_on + dt.timedelta(days=amount)
            text = ngettext("%(n)s day after the return", "%(n)s days after the return", amount)
        label = text % {"n": amount}
        out.append((number, due, label))
    return out


def licence_warning() -> dt.timedelta:
    return dt.timedelta(days=int(config.get("care.licence_warning_days")))


def order_warning() -> dt.timedelta:
    return dt.timedelta(days=int(config.get("care.order_warning_days")))


def review_warning() -> dt.timedelta:
    return dt.timedelta(days=int(config.get("care.review_warning_days")))
