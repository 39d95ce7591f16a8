"""Writing to the audit trail. Services call `record` inside their own transaction,
so a change and its audit event are committed together or not at all."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.db import models, transaction

from hearth.audit import chain, context
from hearth.audit.models import AuditEvent, ChainHead
from hearth.core import clock


def _text(value: str, limit: int) -> str:
    # PostgreSQL refuses NUL in text; one hostile byte must not cost the event.
    return (value or "").replace("\x00", "")[:limit]


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def _jsonable(value: dict | None) -> dict:
    # What the hash covers must equal what reads back from the JSON column.
    return _without_nul(json.loads(json.dumps(value or {}, default=str)))


def _label(obj) -> str:
    """How the trail names a record. Records about people name themselves through
    `audit_label` (a number or a short id, never a name), so the trail, which
    auditors without clearance read, holds no names."""
    if obj is None:
        return ""
    return str(getattr(obj, "audit_label", None) or obj)


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
        # The head row's lock orders every append: it is held until the caller's
        # transaction commits, so the next writer reads the head this one wrote.
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # the trail's first event
            ChainHead.objects.get_or_create(pk=1)
            head = ChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            # Taken under the lock, so time never runs backwards along the chain.
            at=clock.now().astimezone(dt.UTC),
            actor_id=actor.pk if authenticated else None,
            actor_label=_text(actor.get_username() if authenticated else actor_label, 150),
            action=_text(action, 64),
            outcome=outcome,
            object_type=_text(object_type, 64),
            object_id=_text(object_id, 64),
            object_label=_text(object_label, 200),
            case_id=case_id,
            changes=_jsonable(changes),
            detail=_jsonable({**(detail or {}), "channel": ctx.channel}),
            ip=context.normalize_ip(ctx.ip),
            user_agent=_text(ctx.user_agent, 300),
            request_id=_text(ctx.request_id, 32),
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
    ignore: frozenset[str] = getattr(target, "BOOKKEEPING_FIELDS", frozenset())
    diff = changes(before or {}, snapshot(target), ignore=ignore)
    return record(
        actor=actor, action=action, target=target, changes=audit_changes(label, diff), detail=detail
    )
