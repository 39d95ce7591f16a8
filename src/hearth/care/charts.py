"""Server-rendered SVG drawings: the care timeline of a child (F1) and the occupancy
bar chart of the facilities dashboard. Geometry is worked out here; templates only
place the shapes. No script, no inline style: colours come from CSS classes (the
Content-Security-Policy allows nothing else), and every drawing has a table
beneath it with the same facts for screen readers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from hearth.care.timeframes import add_months
from hearth.core import clock

WIDTH = 800
LABEL = 180  # room for the row labels on the left
ROW = 30
BAR = 18
AXIS = 24


@dataclass
class Bar:
    x: float
    y: float
    width: float
    css: str
    title: str
    label: str
    text_y: float
    label_x: float = 4


@dataclass
class Tick:
    x: float
    label: str


def _span(items) -> tuple[dt.date, dt.date]:
    today = clock.today()
    first = min(a.start_date for a in items)
    last = max([today, *[a.end_date for a in items if a.end_date]])
    return first, last + dt.timedelta(days=1)


def _ticks(first: dt.date, last: dt.date, to_x) -> list[Tick]:
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 8 else 3 if months <= 30 else 12
    day = dt.date(first.year, 1 if step == 12 else first.month, 1)
    if step == 3:
        day = dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    ticks = []
    while day <= last:
        if day >= first:
            # Short month names, so the labels of a year of months never run together.
            text = str(day.year) if step == 12 else formats.date_format(day, "M Y")
            ticks.append(Tick(round(to_x(day), 1), text))
        day = add_months(day, step)
    return ticks


def timeline(items) -> dict | None:
    """The geometry of a child's care timeline: one row per episode, coloured by
    setting (parental, family-based, residential...), dashed when informal."""
    items = list(items)
    if not items:
        return None
    first, last = _span(items)
    days = max((last - first).days, 1)
    scale = (WIDTH - LABEL - 10) / days

    def to_x(day: dt.date) -> float:
        return LABEL + (day - first).days * scale

    bars = []
    for row, a in enumerate(items):
        end = (a.end_date + dt.timedelta(days=1)) if a.end_date else last
        x = to_x(a.start_date)
        y = AXIS + row * ROW + (ROW - BAR) / 2
        css = f"tl-{a.care_type.setting}" + ("" if a.is_formal else " informal")
        if a.safeguard in ("awaiting", "refused"):
            css += " flagged"
        start = formats.date_format(a.start_date, "SHORT_DATE_FORMAT")
        end_text = formats.date_format(a.end_date, "SHORT_DATE_FORMAT") if a.end_date else _("now")
        period = f"{start} – {end_text}"
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(y, 1),
                width=round(max(to_x(end) - x, 2), 1),
                css=css,
                title=f"{a.care_type} · {period}"
                + (f" · {a.provider_name}" if a.provider_name else ""),
                label=str(a.care_type),
                text_y=round(y + BAR - 5, 1),
            )
        )
    today_x = round(to_x(clock.today()), 1)
    height = AXIS + len(items) * ROW + 6
    return {
        "width": WIDTH,
        "height": height,
        "label_width": LABEL,
        "bars": bars,
        "ticks": _ticks(first, last, to_x),
        "today_x": today_x,
        "axis_y": AXIS - 6,
        "grid_bottom": height,
    }


def occupancy_bars(rows: list[dict]) -> dict | None:
    """Rows of {"label", "capacity", "occupied", "link"} as paired horizontal bars:
    capacity (light) and occupancy (dark, red beyond capacity)."""
    if not rows:
        return None
    top = max([1, *[max(r["capacity"], r["occupied"]) for r in rows]])
    scale = (WIDTH - LABEL - 60) / top
    out = []
    for index, r in enumerate(rows):
        y = 8 + index * 34
        out.append(
            {
                **r,
                "y": y,
                "text_y": y + 18,
                "capacity_w": round(r["capacity"] * scale, 1),
                "occupied_w": round(r["occupied"] * scale, 1),
                "occupied_y": y + 10,
                "value_x": round(LABEL + max(r["capacity"], r["occupied"]) * scale + 6, 1),
                "over": r["occupied"] > r["capacity"],
            }
        )
    return {"width": WIDTH, "height": 16 + len(rows) * 34, "label_width": LABEL, "rows": out}
