"""Server-drawn SVG charts shared by the dashboards: horizontal bars, stacked bars
and a line over periods. The geometry is worked out here and the templates in
web/charts/ only place the shapes. No script and no inline style (the
Content-Security-Policy allows neither): colours come from CSS classes (series
s0..s5). Every mark links to the records behind it, and every chart sits above
a table with the same numbers for screen readers and for copying.

Input rows are dicts with "label", "value" (None means not computable) and "link".
"""

from __future__ import annotations

WIDTH = 800
LABEL = 200  # room for the row labels on the left
ROW = 28
BAR = 18
SERIES = 6  # CSS classes s0..s5


def _nice_top(top: float) -> float:
    """A round axis maximum at or above `top` (1, 2, 2.5, 5 x 10^n)."""
    if top <= 0:
        return 1
    power = 1.0
    while power * 10 <= top:
        power *= 10
    while power > top:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= top:
            return step * power
    return 10 * power


def bars(rows: list[dict], limit_key: str = "") -> dict | None:
    """Horizontal bars, one per row. With `limit_key`, each row may carry a limit
    (a caseload maximum) drawn as a tick, and bars beyond it are marked."""
    if not rows:
        return None
    values = [r["value"] or 0 for r in rows]
    limits = [r.get(limit_key) or 0 for r in rows] if limit_key else []
    top = _nice_top(max([*values, *limits, 1]))
    scale = (WIDTH - LABEL - 60) / top
    out = []
    for index, r in enumerate(rows):
        y = 6 + index * ROW
        value = r["value"] or 0
        limit = r.get(limit_key) if limit_key else None
        out.append(
            {
                **r,
                "y": y,
                "text_y": y + BAR - 4,
                "w": round(value * scale, 1),
                "value_x": round(LABEL + value * scale + 6, 1),
                "limit_x": round(LABEL + limit * scale, 1) if limit else None,
                "over": bool(limit and value > limit),
            }
        )
    return {
        "width": WIDTH,
        "height": 12 + len(rows) * ROW,
        "label_width": LABEL,
        "rows": out,
    }


def stacked(rows: list[dict], series: list[tuple[str, str]]) -> dict | None:
    """Horizontal stacked bars. Each row has "label" and "parts": {series key:
    {"value", "link"}}; `series` is [(key, label)] in stacking order."""
    if not rows:
        return None
    top = _nice_top(max([1, *[sum(p["value"] or 0 for p in r["parts"].values()) for r in rows]]))
    scale = (WIDTH - LABEL - 60) / top
    out = []
    for index, r in enumerate(rows):
        y = 6 + index * ROW
        x = LABEL
        segments = []
        for number, (key, label) in enumerate(series):
            part = r["parts"].get(key)
            if not part or not part["value"]:
                continue
            w = part["value"] * scale
            segments.append(
                {
                    "x": round(x, 1),
                    "w": round(w, 1),
                    "css": f"s{number % SERIES}",
                    "value": part["value"],
                    "label": label,
                    "link": part.get("link", ""),
                }
            )
            x += w
        total = sum(s["value"] for s in segments)
        out.append(
            {
                "label": r["label"],
                "link": r.get("link", ""),
                "y": y,
                "text_y": y + BAR - 4,
                "segments": segments,
                "total": total,
                "total_x": round(x + 6, 1),
            }
        )
    legend = [{"label": label, "css": f"s{n % SERIES}"} for n, (_k, label) in enumerate(series)]
    return {
        "width": WIDTH,
        "height": 12 + len(rows) * ROW,
        "label_width": LABEL,
        "rows": out,
        "legend": legend,
    }


LINE_HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 50, 20, 16, 36


def line(points: list[dict], unit: str = "") -> dict | None:
    """One series over periods: points of {"label", "value", "link"}, oldest first.
    Missing values (None) break the line; the dots link to the records."""
    if not points:
        return None
    values = [p["value"] for p in points if p["value"] is not None]
    top = _nice_top(max([*values, 1]))
    if unit == "percent":
        top = 100
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = LINE_HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def y_of(v):
        return round(TOP + inner_h - (v / top) * inner_h, 1)

    dots: list = []
    segments: list = []
    current: list = []
    for index, p in enumerate(points):
        x = round(LEFT + index * step, 1)
        if p["value"] is None:
            if len(current) > 1:
                segments.append(current)
            current = []
        else:
            y = y_of(p["value"])
            current.append(f"{x},{y}")
            dots.append({**p, "x": x, "y": y, "text_y": round(y - 8, 1)})
    if len(current) > 1:
        segments.append(current)
    ticks = [{"y": y_of(top * f), "label": _short(top * f)} for f in (0, 0.25, 0.5, 0.75, 1)]
    every = max(1, len(points) // 12)
    labels = [
        {"x": round(LEFT + i * step, 1), "label": p["label"]}
        for i, p in enumerate(points)
        if i % every == 0
    ]
    return {
        "width": WIDTH,
        "height": LINE_HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + inner_h,
        "label_y": TOP + inner_h + 18,
        "polylines": [" ".join(s) for s in segments],
        "dots": dots,
        "ticks": ticks,
        "labels": labels,
    }


def _short(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def shade(values: list, steps: int = 5) -> list[int | None]:
    """The shade (0..steps-1) of each value between the smallest and the largest,
    for the map-like tables; None stays unshaded."""
    known = [v for v in values if v is not None]
    if not known:
        return [None for _v in values]
    low, high = min(known), max(known)
    span = high - low
    return [
        None if v is None else (steps - 1 if not span else int((v - low) / span * (steps - 1)))
        for v in values
    ]
