"""The audit trail as CSV, streamed a slice at a time so memory stays flat
however many events match."""

from __future__ import annotations

import csv
import json

from hearth.audit.queries import changes_for

COLUMNS = [
    "seq", "at", "actor", "actor_id", "action", "outcome", "record_type", "record_id",
    "record", "case_id", "ip", "user_agent", "changes", "detail", "hash",
]  # fmt: skip
CHUNK = 1000


class _Line:
    """csv.writer wants a file; we want each row back as a string."""

    def write(self, text):
        return text


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A cell starting like a formula would run in a spreadsheet: names are
    # typed by anyone, so make sure they stay text.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _row(user, event) -> list[str]:
    changes = {c["field"]: [c["before"], c["after"]] for c in changes_for(user, event)}
    values = [
        event.seq,
        event.at.isoformat(),
        event.actor_label,
        event.actor_id,
        event.action,
        event.outcome,
        event.object_type,
        event.object_id,
        event.object_label,
        event.case_id,
        event.ip,
        event.user_agent,
        json.dumps(changes, ensure_ascii=False, default=str) if changes else "",
        json.dumps(event.detail, ensure_ascii=False, default=str) if event.detail else "",
        event.hash,
    ]
    return [_cell(v) for v in values]


def csv_lines(user, qs, up_to_seq: int):
    """CSV lines for the events of `qs` up to `up_to_seq` (the newest when the
    export began), newest first, fetched in slices by sequence number."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(COLUMNS)  # the BOM tells spreadsheets it is UTF-8
    qs = qs.order_by("-seq")
    below = up_to_seq + 1
    while True:
        batch = list(qs.filter(seq__lt=below)[:CHUNK])
        if not batch:
            return
        for event in batch:
            yield writer.writerow(_row(user, event))
        below = batch[-1].seq
