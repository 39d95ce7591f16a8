"""Reading the audit trail (B6): search by who, which record, what and when, and
the changes of an event as the reader may see them."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db.models import Q, QuerySet

from hearth.access import policy, sensitivity
from hearth.audit.models import AuditEvent
from hearth.core import clock

# Other apps teach the "record" filter their own numbers (a case number, say):
# each matcher turns the text into a Q on AuditEvent, or None when it does not apply.
_record_matchers: list[Callable[[str], Q | None]] = []


def also_match_record(matcher: Callable[[str], Q | None]) -> None:
    if matcher not in _record_matchers:
        _record_matchers.append(matcher)


@dataclass(frozen=True)
class Filters:
    user: str = ""  # username, exactly (any case)
    record: str = ""  # record id, case id, or text of the record's label
    action: str = ""  # prefix: "person." finds person.create, person.update...
    outcome: str = ""
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive

    def given(self) -> dict:
        """The filters actually set, JSON-ready, for the audit event of the search."""
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in asdict(self).items()
            if v
        }


def _record_q(text: str) -> Q:
    q = Q(object_id=text) | Q(object_label__icontains=text)
    with contextlib.suppress(ValueError):
        q |= Q(case_id=uuid.UUID(text))
    for matcher in _record_matchers:
        q |= matcher(text) or Q(pk__in=[])
    return q


def search(user, filters: Filters) -> QuerySet[AuditEvent]:
    """Events `user` may see that match `filters`, newest first."""
    qs = policy.visible(user, AuditEvent, "audit.view")
    if filters.user.strip():
        qs = qs.filter(actor_label__iexact=filters.user.strip())
    if filters.record.strip():
        qs = qs.filter(_record_q(filters.record.strip()))
    if filters.action.strip():
        qs = qs.filter(action__startswith=filters.action.strip())
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.since:
        qs = qs.filter(at__gte=clock.start_of(filters.since))
    if filters.until:
        qs = qs.filter(at__lt=clock.start_of(filters.until + dt.timedelta(days=1)))
    return qs.order_by("-seq")


def changes_for(user, event: AuditEvent) -> list[dict]:
    """[{field, before, after, masked}] with values above the reader's clearance
    masked. The most sensitive values were never stored (masked when written)."""
    clearance = policy.clearance_of(user)
    out = []
    for field, pair in sorted((event.changes or {}).items()):
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        hidden = event.object_type and sensitivity.level_of(event.object_type, field) > clearance
        if hidden:
            before, after = sensitivity.MASK, sensitivity.MASK
        out.append({"field": field, "before": before, "after": after, "masked": bool(hidden)})
    return out
