"""How an event's hash is computed, and how the chain is checked."""

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


def event_hash(event, prev_hash: str) -> str:
    """SHA-256 over the event's content and the previous hash, in a canonical form."""
    body = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": str(event.actor_id) if event.actor_id else None,
        "actor_label": event.actor_label,
        "action": event.action,
        "outcome": event.outcome,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "case_id": str(event.case_id) if event.case_id else None,
        "changes": event.changes,
        "detail": event.detail,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "request_id": event.request_id,
        "prev": prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class Verdict:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None


def verify(batch: int = 5000, progress=None) -> Verdict:
    """Walk the chain in order; report the first event that was altered, removed or
    inserted out of place, and whether events were cut off the end."""
    from hearth.audit.models import AuditEvent, ChainHead

    expected_prev, expected_seq, checked = GENESIS, 1, 0
    last_seq = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return Verdict(False, checked, f"event #{expected_seq} is missing", expected_seq)
            if event.prev_hash != expected_prev:
                return Verdict(
                    False,
                    checked,
                    f"event #{event.seq} does not follow the one "
                    "before it (an event before it was altered or removed)",
                    event.seq,
                )
            if event_hash(event, event.prev_hash) != event.hash:
                return Verdict(False, checked, f"event #{event.seq} was altered", event.seq)
            expected_prev, expected_seq = event.hash, event.seq + 1
            checked += 1
        last_seq = rows[-1].seq
        if progress:
            progress(checked)
    head = ChainHead.objects.filter(pk=1).first()
    if head and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return Verdict(
            False,
            checked,
            f"events after #{expected_seq - 1} are missing (the chain head says #{head.seq})",
            expected_seq,
        )
    return Verdict(True, checked)
