"""Two workers appending at the same moment still make one unbroken chain.

Needs a real server with row locks and separate connections per thread, so it
runs on PostgreSQL; SQLite serialises writers on the whole file anyway."""

import threading

import pytest
from django.db import connection, connections

from hearth.audit import chain
from hearth.audit.models import AuditEvent
from hearth.audit.services import record

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

PER_THREAD = 40


def run_together(*jobs):
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def appender(name):
    def job():
        for n in range(PER_THREAD):
            record(actor=None, actor_label=name, action="test.concurrent", detail={"n": n})

    return job


def test_two_threads_appending_make_a_valid_chain():
    run_together(appender("alice"), appender("bob"))
    verdict = chain.verify()
    assert verdict.ok, verdict.problem
    assert verdict.checked == 2 * PER_THREAD
    seqs = sorted(AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, 2 * PER_THREAD + 1))
    for name in ("alice", "bob"):
        assert AuditEvent.objects.filter(actor_label=name).count() == PER_THREAD


def test_checking_while_others_append_raises_no_false_alarm():
    appender("before")()
    verdicts = []

    def checker():
        for _ in range(15):
            verdicts.append(chain.verify(batch=7))

    run_together(appender("alice"), checker)
    assert verdicts and all(v.ok for v in verdicts), [v.problem for v in verdicts if not v.ok]
    assert chain.verify().checked == 2 * PER_THREAD
