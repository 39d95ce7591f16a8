"""/api/v1/audit/events: the audit trail for auditors' tools, same filters and
masking as the screen. Each search is itself an audit event."""

import datetime as dt

from ninja import Router

from hearth.access.decorators import api_requires
from hearth.audit import queries
from hearth.audit.models import AuditEvent
from hearth.audit.services import record as record_event
from hearth.core.api import paginate

router = Router(tags=["audit"])


def event_out(user, event: AuditEvent) -> dict:
    return {
        "seq": event.seq,
        "at": event.at,
        "actor": {"id": event.actor_id, "username": event.actor_label},
        "action": event.action,
        "outcome": event.outcome,
        "record": {"type": event.object_type, "id": event.object_id, "label": event.object_label},
        "case_id": event.case_id,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "changes": {
            c["field"]: [c["before"], c["after"]] for c in queries.changes_for(user, event)
        },
        "detail": event.detail,
        "hash": event.hash,
    }


@router.get("/audit/events", summary="Search the audit trail, newest first")
@api_requires("audit.view")
def event_list(
    request,
    user: str = "",
    record: str = "",
    action: str = "",
    outcome: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: int = 1,
    per: int = 50,
):
    filters = queries.Filters(
        user=user, record=record, action=action, outcome=outcome, since=since, until=until
    )
    result = paginate(
        queries.search(request.user, filters), page, per, lambda e: event_out(request.user, e)
    )
    record_event(
        actor=request.user,
        action="audit.search",
        detail={"filters": filters.given(), "page": page},
    )
    return result
