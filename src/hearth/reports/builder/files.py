"""A report's table as a CSV or XLSX file. Small (one row per value of a
dimension), so it is made in memory. Text that a spreadsheet would take for a
formula is kept as text, as in case exports (reports.exports.writers)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hearth.core import clock
from hearth.reports.builder.table import Table, grid
from hearth.reports.exports.writers import FORMULA_START

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _text(value):
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def file_name(title: str, table: Table, fmt: str) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in (title or "report").lower()).strip("-")
    return f"{safe[:60] or 'report'}-{table.spec.period.code}.{fmt}"


def about(table: Table, user, title: str) -> list[tuple[str, str]]:
    """What the file says about itself: measure, period, filters, for whom."""
    spec = table.spec
    filters = ", ".join(f"{k}={v}" for k, v in spec.filters.items()) or _("none")
    return [
        (_("Report"), title or str(spec.indicator.name)),
        (_("Measure"), str(spec.indicator.name)),
        (_("Unit"), table.unit),
        (_("Period"), spec.period.code),
        (_("Filters"), filters),
        (
            _("Scope"),
            _("Only records %(user)s may see, made %(when)s")
            % {"user": user.get_username(), "when": clock.now().strftime("%Y-%m-%d %H:%M")},
        ),
    ]


def as_csv(table: Table) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # tells spreadsheets the file is UTF-8
    writer = csv.writer(out)
    for row in grid(table):
        writer.writerow(["" if v is None else _text(v) for v in row])
    return out.getvalue().encode("utf-8")


def as_xlsx(table: Table, user, title: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    bold = Font(bold=True)
    rows = grid(table)
    for number, row in enumerate(rows, start=1):
        sheet.append([_text(v) for v in row])
        if number == 1 or number == len(rows) and table.lines:
            for cell in sheet[number]:
                cell.font = bold
    for cell in sheet["A"]:
        cell.font = bold
    sheet.freeze_panes = "B2"
    notes = book.create_sheet(_("About")[:31])
    for what, value in about(table, user, title):
        notes.append([what, _text(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(table: Table, fmt: str, user, title: str = "") -> bytes:
    if fmt == "csv":
        return as_csv(table)
    if fmt == "xlsx":
        return as_xlsx(table, user, title)
    raise ValueError(fmt)
