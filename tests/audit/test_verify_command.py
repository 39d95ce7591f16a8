"""`hearth audit-verify`: what an operator runs, and what it says."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hearth.audit import chain
from hearth.audit.models import AuditEvent, ChainHead
from hearth.audit.services import record


def verify(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("audit-verify", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_intact_chain(events):
    out, _ = verify()
    assert "intact: 6 events verified" in out


def test_broken_chain_exits_non_zero_naming_the_event(events, tamper):
    with tamper():
        AuditEvent.objects.filter(seq=4).update(object_label="edited")
    with pytest.raises(CommandError, match=r"BROKEN at event #4 .*#4 was altered") as failure:
        verify()
    assert failure.value.returncode == 1


def test_anchor_is_printed_alone_on_stdout(events):
    out, err = verify("--anchor")
    assert out.strip() == f"6:{events[-1].hash}"
    assert "intact" in err


def test_expected_anchor_still_in_the_chain(events):
    anchor = f"3:{events[2].hash}"
    record(actor=None, action="test.later")
    out, _ = verify("--expect-anchor", anchor)
    assert "All 1 anchors found" in out


def test_wholesale_truncation_is_caught_by_the_anchor(events, tamper):
    """Someone empties the trail and the head, then work goes on: the chain is
    sound in itself, only the anchor kept elsewhere shows what happened."""
    anchor = f"6:{events[-1].hash}"
    with tamper():
        AuditEvent.objects.all().delete()
        ChainHead.objects.all().delete()
    record(actor=None, action="test.fresh_start")
    assert chain.verify().ok
    with pytest.raises(CommandError, match="no longer in the chain"):
        verify("--expect-anchor", anchor)


def test_rebuilt_trail_is_caught_by_the_anchor(events, tamper):
    anchor = f"2:{events[1].hash}"
    with tamper():
        AuditEvent.objects.all().delete()
        ChainHead.objects.all().delete()
    for _ in range(6):
        record(actor=None, action="test.forged")
    with pytest.raises(CommandError, match="no longer has the anchored hash"):
        verify("--expect-anchor", anchor)


def test_a_malformed_anchor_is_refused(events):
    with pytest.raises(CommandError, match="anchor looks like"):
        verify("--expect-anchor", "12:nothex")
