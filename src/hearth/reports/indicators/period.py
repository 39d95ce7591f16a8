"""Reporting periods, written the way DHIS2 writes them: 202611 (month),
2026Q4 (quarter), 2026 (year); or any date range."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str = "custom"  # month, quarter, year, custom

    @classmethod
    def parse(cls, text: str) -> "Period":
        text = (text or "").strip().upper()
        if m := MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return cls(dt.date(year, month, 1), dt.date(year, month, last), "month")
        if m := QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * (quarter - 1) + 1
            last = calendar.monthrange(year, first + 2)[1]
            return cls(dt.date(year, first, 1), dt.date(year, first + 2, last), "quarter")
        if m := YEAR.match(text):
            year = int(m[1])
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        raise ValueError(_("Write the period as 202611 (month), 2026Q4 (quarter) or 2026 (year)."))

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> "Period":
        if end < start:
            raise ValueError(_("The period ends before it starts."))
        return cls(start, end, "custom")

    @property
    def code(self) -> str:
        """The DHIS2 period identifier."""
        if self.kind == "month":
            return f"{self.start.year}{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    def __str__(self):
        return self.code

    def previous(self, count: int = 1) -> list["Period"]:
        """This period and the `count - 1` before it, oldest first (for trends)."""
        periods = [self]
        for _step in range(count - 1):
            first = periods[0].start
            if self.kind == "month":
                prev_end = first - dt.timedelta(days=1)
                periods.insert(0, Period.parse(f"{prev_end.year}{prev_end.month:02d}"))
            elif self.kind == "quarter":
                prev_end = first - dt.timedelta(days=1)
                periods.insert(0, Period.parse(f"{prev_end.year}Q{(prev_end.month - 1) // 3 + 1}"))
            elif self.kind == "year":
                periods.insert(0, Period.parse(str(first.year - 1)))
            else:
                length = (self.end - self.start).days + 1
                periods.insert(
                    0,
                    Period.between(first - dt.timedelta(days=length), first - dt.timedelta(days=1)),
                )
        return periods
