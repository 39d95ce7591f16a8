"""What a report asks for, checked: a measure from the indicator registry, rows
and columns among the dimensions that measure allows, filters, and a period.
The builder page, saved reports, exports and the API all go through `Spec.check`,
so a report that cannot be computed is refused with a clear message before
anything is saved or run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.core import clock
from hearth.reports.indicators import dimensions, engine
from hearth.reports.indicators.period import Period

PERIOD_KINDS = {"month": gettext_lazy("month"), "quarter": gettext_lazy("quarter"),
                "year": gettext_lazy("year")}  # fmt: skip


def last_complete(kind: str, today: dt.date | None = None) -> Period:
    """The last month, quarter or year that has fully ended before `today`."""
    today = today or clock.today()
    if kind == "month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return Period.parse(f"{end.year}{end.month:02d}")
    if kind == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        end = today.replace(month=first_month, day=1) - dt.timedelta(days=1)
        return Period.parse(f"{end.year}Q{(end.month - 1) // 3 + 1}")
    if kind == "year":
        return Period.parse(str(today.year - 1))
    raise ValueError(kind)


@dataclass(frozen=True)
class Spec:
    indicator: engine.Indicator
    period: Period
    rows: str = ""
    columns: str = ""
    filters: dict = field(default_factory=dict)

    @property
    def by(self) -> list[str]:
        return [d for d in (self.rows, self.columns) if d]

    @classmethod
    def check(
        cls,
        *,
        indicator: str,
        period: str = "",
        period_kind: str = "",
        rows: str = "",
        columns: str = "",
        filters: dict | None = None,
        today: dt.date | None = None,
    ) -> Spec:
        """The spec, or a ValidationError naming each field that is wrong. An empty
        `period` means the last complete period of `period_kind`."""
        errors: dict[str, str] = {}
        try:
            measure = engine.get(indicator or "")
        except KeyError:
            raise ValidationError({"indicator": _("Choose a measure from the list.")}) from None
        allowed = measure.dimensions
        rows, columns = (rows or "").strip(), (columns or "").strip()
        for name, value in (("rows", rows), ("columns", columns)):
            if value and value not in allowed:
                errors[name] = _("%(measure)s cannot be broken down by %(dimension)s.") % {
                    "measure": measure.name,
                    "dimension": dimensions.label(value),
                }
        if columns and not rows:
            errors["rows"] = _("Choose rows before columns.")
        if rows and rows == columns:
            errors["columns"] = _("Choose different rows and columns.")
        plain = {}
        for dimension, value in (filters or {}).items():
            if value in (None, ""):
                continue
            if dimension not in allowed:
                errors["filters"] = _("%(measure)s cannot be filtered by %(dimension)s.") % {
                    "measure": measure.name,
                    "dimension": dimensions.label(dimension),
                }
                continue
            plain[dimension] = str(value)
        try:
            chosen = _period(period, period_kind, today)
        except ValueError as exc:
            errors["period"] = str(exc)
            chosen = None
        if errors or chosen is None:
            raise ValidationError(errors)
        return cls(measure, chosen, rows, columns, plain)

    def query(self) -> dict:
        """The spec as the builder page's query string."""
        out = {"indicator": self.indicator.code, "period": self.period.code}
        if self.rows:
            out["rows"] = self.rows
        if self.columns:
            out["columns"] = self.columns
        out.update({f"f_{d}": v for d, v in self.filters.items()})
        return out

    def describe(self) -> dict:
        """What the audit trail keeps about a computed report."""
        return {
            "indicator": self.indicator.code,
            "period": self.period.code,
            "rows": self.rows,
            "columns": self.columns,
            "filters": self.filters,
        }


def _period(text: str, kind: str, today) -> Period:
    text = (text or "").strip()
    if (kind or not text) and kind not in PERIOD_KINDS:
        raise ValueError(_("Choose a month, a quarter or a year."))
    if not text:
        return last_complete(kind, today)
    period = Period.parse(text)
    if kind and kind != period.kind:
        raise ValueError(
            _("%(period)s is not a %(kind)s.") % {"period": period.code, "kind": PERIOD_KINDS[kind]}
        )
    return period
