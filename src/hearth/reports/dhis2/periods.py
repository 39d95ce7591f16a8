"""DHIS2 period identifiers for the periods Hearth sends: monthly (202611),
quarterly (2026Q4) and yearly (2026). Parsing is Period.parse; this adds the
checks and the "period containing a day" the pages and tests need."""

import datetime as dt

from django.utils.translation import gettext as _

from hearth.reports.indicators import Period

KINDS = ("month", "quarter", "year")


def parse(text: str) -> Period:
    """A monthly, quarterly or yearly period, or ValueError with a message to show.
    (Date ranges have no DHIS2 identifier, so they are refused here.)"""
    period = Period.parse(text)
    if period.kind not in KINDS:  # pragma: no cover - Period.parse gives only these
        raise ValueError(_("DHIS2 takes monthly, quarterly or yearly periods."))
    return period


def containing(day: dt.date, kind: str) -> Period:
    """The month, quarter or year `day` falls in."""
    if kind == "month":
        return Period.parse(f"{day.year}{day.month:02d}")
    if kind == "quarter":
        return Period.parse(f"{day.year}Q{(day.month - 1) // 3 + 1}")
    if kind == "year":
        return Period.parse(f"{day.year:04d}")
    raise ValueError(f"unknown period kind {kind!r}")


def recent(today: dt.date, count: int = 6) -> list[Period]:
    """Periods offered on the prepare page: the last finished month, quarter and
    year first, then earlier months."""
    last_month = containing(today.replace(day=1) - dt.timedelta(days=1), "month")
    last_quarter = containing(containing(today, "quarter").start - dt.timedelta(days=1), "quarter")
    last_year = containing(dt.date(today.year - 1, 1, 1), "year")
    return [*last_month.previous(count)[::-1], last_quarter, last_year]
