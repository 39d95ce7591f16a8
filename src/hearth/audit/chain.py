"""How an event's hash is computed, and how the chain is checked.

Each event's hash covers its content and the hash of the event before it, so
changing, removing or inserting any event breaks every link after it. The chain
head (audit.ChainHead) holds the newest sequence number and hash, which reveals
events cut off the end. What neither can reveal is the whole trail being
replaced by a freshly computed one: for that an operator keeps anchors
("seq:hash" of the head at some moment) somewhere the database owner cannot
reach, and checks later that the chain still passes through them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

GENESIS = "0" * 64


def event_hash(event, prev_hash: str) -> str:
    """SHA-256 over the event's content and the previous hash, in a canonical form."""
    body = {
        "seq": event.seq,
        # In UTC, as every database hands it back whatever zone it was written in.
        "at": event.at.astimezone(dt.UTC).isoformat(),
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
        "ip": str(event.ip) if event.ip else None,
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
    seq: int | None = None  # the first sequence number found bad
    head_seq: int = 0
    head_hash: str = GENESIS


def verify(batch: int = 5000, progress=None) -> Verdict:
    """Walk the chain in order up to the head as it stood when the check began;
    report the first event that was altered, removed or inserted out of place,
    and whether events were cut off the end.

    The head is read first: it is committed in the same transaction as the event
    it names, so every event up to it is there to read, while events appended by
    others during a long check lie beyond it and are left for the next check."""
    from hearth.audit.models import AuditEvent, ChainHead

    head = ChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)

    def bad(checked, problem, seq):
        return Verdict(False, checked, problem, seq, head_seq, head_hash)

    if head is None and AuditEvent.objects.exists():
        return bad(0, "the chain head is missing", 1)
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    while expected_seq <= head_seq:
        rows = list(
            AuditEvent.objects.filter(seq__gte=expected_seq, seq__lte=head_seq).order_by("seq")[
                :batch
            ]
        )
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return bad(checked, f"event #{expected_seq} is missing", expected_seq)
            if event_hash(event, event.prev_hash) != event.hash:
                return bad(checked, f"event #{event.seq} was altered", event.seq)
            if event.prev_hash != expected_prev:
                # Both hash correctly on their own: one of the two was rewritten
                # together with its hash, which only the link between them shows.
                return bad(
                    checked,
                    f"event #{event.seq - 1} or #{event.seq} was altered and its hash "
                    "recomputed: the link between them is broken",
                    event.seq - 1,
                )
            expected_prev, expected_seq = event.hash, event.seq + 1
            checked += 1
        if progress:
            progress(checked)
    last = expected_seq - 1
    if last < head_seq:
        return bad(
            checked,
            f"events after #{last} are missing (the chain head says #{head_seq})",
            expected_seq,
        )
    if expected_prev != head_hash:
        return bad(
            checked,
            f"event #{last} does not match the chain head (it was rewritten after the fact)",
            last,
        )
    return Verdict(True, checked, head_seq=head_seq, head_hash=head_hash)


ANCHOR = re.compile(r"^(?P<seq>\d+):(?P<hash>[0-9a-f]{64})$")


def format_anchor(seq: int, hash_: str) -> str:
    return f"{seq}:{hash_}"


def parse_anchor(text: str) -> tuple[int, str]:
    """ "SEQ:HASH" -> (seq, hash); ValueError when it is not one."""
    match = ANCHOR.match((text or "").strip().lower())
    if not match:
        raise ValueError("an anchor looks like 1234:<64 hexadecimal characters>")
    return int(match["seq"]), match["hash"]


def check_anchor(seq: int, hash_: str) -> str:
    """'' when the chain still holds event #seq with that hash, else what is wrong.
    Call after verify(): a sound chain that lost or changed an anchored event was
    truncated or rebuilt wholesale."""
    from hearth.audit.models import AuditEvent

    if seq == 0:
        return "" if hash_ == GENESIS else "anchor #0 must carry the genesis hash"
    stored = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    if stored is None:
        return f"anchored event #{seq} is no longer in the chain (the trail was cut back)"
    if stored != hash_:
        return f"event #{seq} no longer has the anchored hash (the trail was rebuilt)"
    return ""
