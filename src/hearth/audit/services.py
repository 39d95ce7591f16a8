"""Writing to the audit trail. Services call `record` inside their own transaction,
so a change and its audit event are committed together or not at all."""

from __future__ import annotations

import json
import uuid

from django.db import models, transaction

from hearth.audit import chain, context
from hearth.audit.models import AuditEvent, ChainHead
from hearth.core import clock


def _jsonable(value: dict | None) -> dict:
    # What the hash covers must equal what reads back from the JSON column.
    return json.loads(json.dumps(value or {}, default=str))


def _label(obj) -> str:
    return str(obj)[:200] if obj is not None else ""


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    changes: dict | None = None,
    detail: dict | None = None,
    outcome: str = AuditEvent.Outcome.OK,
    case_id: uuid.UUID | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the chain.

    `action` names what happened in the field's terms ("person.create", "case.read",
    "auth.login_failed"). `changes` maps field -> [before, after] and must already
    be masked by the caller's sensitivity rules (see access.sensitivity.audit_changes).
    """
    ctx = context.current()
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_label = object_label or _label(target)
        case_id = case_id or getattr(target, "audit_case_id", None)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head, _ = ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=clock.now(),
            actor_id=actor.pk if authenticated else None,
            actor_label=(actor.get_username() if authenticated else actor_label)[:150],
            action=action,
            outcome=outcome,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label[:200],
            case_id=case_id,
            changes=_jsonable(changes),
            detail=_jsonable({**(detail or {}), "channel": ctx.channel}),
            ip=ctx.ip,
            user_agent=ctx.user_agent,
            request_id=ctx.request_id,
            prev_hash=head.hash,
        )
        # Hash the values as they will read back from the database (JSON round trip).
        event.hash = chain.event_hash(event, head.hash)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def record_change(
    *, actor, action: str, target: models.Model, before: dict | None, detail: dict | None = None
) -> AuditEvent:
    """Record a create or update of `target`, with the fields that changed since
    `before` (a writes.snapshot, or None for a new record), masked by sensitivity."""
    from hearth.access.sensitivity import audit_changes
    from hearth.core.writes import changes, snapshot

    label = target._meta.label_lower
    ignore = getattr(target, "BOOKKEEPING_FIELDS", frozenset())
    diff = changes(before or {}, snapshot(target), ignore=ignore)
    return record(
        actor=actor, action=action, target=target, changes=audit_changes(label, diff), detail=detail
    )
