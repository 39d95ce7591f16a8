"""The hash chain finds what was changed, removed or cut off, and says where."""

import datetime as dt
import hashlib

from hearth.audit import chain
from hearth.audit.context import RequestContext, bind, reset
from hearth.audit.models import AuditEvent, ChainHead
from hearth.audit.services import record


def test_clean_chain_verifies(events):
    verdict = chain.verify()
    assert verdict.ok, verdict.problem
    assert verdict.checked == 6
    assert (verdict.head_seq, verdict.head_hash) == (6, events[-1].hash)


def test_empty_trail_verifies(db):
    assert chain.verify().ok


def test_small_batches_walk_the_whole_chain(events):
    verdict = chain.verify(batch=2)
    assert verdict.ok and verdict.checked == 6


def test_an_edited_event_is_found(events, tamper):
    with tamper():
        AuditEvent.objects.filter(seq=3).update(actor_label="someone else")
    verdict = chain.verify()
    assert not verdict.ok
    assert verdict.seq == 3
    assert verdict.checked == 2
    assert "#3 was altered" in verdict.problem


def test_an_edited_change_value_is_found(events, tamper):
    with tamper():
        AuditEvent.objects.filter(seq=5).update(changes={"phone": ["1", "2"]})
    verdict = chain.verify()
    assert (verdict.ok, verdict.seq) == (False, 5)


def test_an_event_rewritten_with_its_hash_recomputed_breaks_the_link(events, tamper):
    event = AuditEvent.objects.get(seq=2)
    event.action = "test.innocent"
    event.hash = chain.event_hash(event, event.prev_hash)
    with tamper():
        AuditEvent.objects.filter(seq=2).update(action=event.action, hash=event.hash)
    verdict = chain.verify()
    assert not verdict.ok
    assert verdict.seq == 2
    assert "link" in verdict.problem


def test_a_deleted_event_in_the_middle_is_found(events, tamper):
    with tamper():
        AuditEvent.objects.filter(seq=4).delete()
    verdict = chain.verify()
    assert (verdict.ok, verdict.seq, verdict.checked) == (False, 4, 3)
    assert "#4 is missing" in verdict.problem


def test_events_cut_off_the_end_are_found(events, tamper):
    with tamper():
        AuditEvent.objects.filter(seq__gte=5).delete()
    verdict = chain.verify()
    assert not verdict.ok
    assert verdict.seq == 5
    assert "the chain head says #6" in verdict.problem


def test_a_rewritten_last_event_no_longer_matches_the_head(events, tamper):
    event = AuditEvent.objects.get(seq=6)
    event.actor_label = "nobody"
    event.hash = chain.event_hash(event, event.prev_hash)
    with tamper():
        AuditEvent.objects.filter(seq=6).update(actor_label="nobody", hash=event.hash)
    verdict = chain.verify()
    assert (verdict.ok, verdict.seq) == (False, 6)
    assert "chain head" in verdict.problem


def test_a_missing_head_with_events_is_reported(events, tamper):
    with tamper():
        ChainHead.objects.all().delete()
    verdict = chain.verify()
    assert not verdict.ok and "head is missing" in verdict.problem


def test_events_appended_during_a_check_are_left_for_the_next(events):
    """A long check runs while people keep working: what is appended meanwhile
    lies beyond the head read at the start and must not look like tampering."""
    appended = []

    def busy(checked):
        appended.append(record(actor=None, actor_label="late", action="test.late"))

    verdict = chain.verify(batch=2, progress=busy)
    assert verdict.ok, verdict.problem
    assert verdict.checked == 6
    assert appended and chain.verify().checked == 6 + len(appended)


def test_what_is_hashed_is_what_the_database_gives_back(db):
    """Values the database rewrites (IPv6 spelling, time zone, NUL bytes, JSON)
    must not break the chain on reading back."""
    token = bind(RequestContext(ip="2001:0DB8:0000::0001", user_agent="agent\x00x"))
    try:
        record(
            actor=None,
            actor_label="nul\x00name",
            action="test.values",
            detail={"when": dt.datetime(2026, 1, 2, 3, 4, 5), "text\x00": "a\x00b", "n": 1.5},
            changes={"name": ["é", "ø"]},
        )
    finally:
        reset(token)
    event = AuditEvent.objects.get()
    assert event.ip == "2001:db8::1"
    assert "\x00" not in event.actor_label + event.user_agent
    assert chain.verify().ok


def test_a_forged_forwarded_address_is_not_believed(client, db):
    """Without proxies of our own in front, X-Forwarded-For is the client's word."""
    client.get("/healthz", HTTP_X_FORWARDED_FOR="not-an-ip, 10.9.9.9")
    record(actor=None, action="test.noop")
    client.post("/accounts/login/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR="evil")
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.ip == "127.0.0.1"
    assert chain.verify().ok


def test_forwarded_address_from_a_trusted_proxy(rf, settings):
    from hearth.audit.context import client_ip

    settings.HEARTH_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "203.0.113.7"
    settings.HEARTH_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"


def test_anchor_round_trip(events):
    seq, hash_ = chain.parse_anchor(chain.format_anchor(6, events[-1].hash))
    assert (seq, hash_) == (6, events[-1].hash)
    assert chain.check_anchor(seq, hash_) == ""
    assert "no longer has" in chain.check_anchor(3, hashlib.sha256(b"x").hexdigest())
    assert "no longer in the chain" in chain.check_anchor(99, events[-1].hash)
