"""The case page asks the policy the same questions many times (its sections and
template); inside `policy.remembering()` each is asked of the database once, and
outside it every answer is fresh."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.access import policy
from hearth.cases import work


def test_each_question_is_asked_once_inside_the_block(make_case, worker, worker_elsewhere):
    case = make_case(worker)
    with policy.remembering():
        with CaptureQueriesContext(connection) as first:
            assert policy.can(worker, "case.work", case)
            assert not policy.can(worker_elsewhere, "case.work", case)
        with CaptureQueriesContext(connection) as again:
            for _i in range(3):
                assert policy.can(worker, "case.work", case)
                assert not policy.can(worker_elsewhere, "case.work", case)
        with CaptureQueriesContext(connection) as other:
            assert policy.can(worker, "case.refer", case)
    assert len(first) >= 2  # (and the roles of each, read once)
    assert len(again) == 0
    assert len(other) == 1  # another permission is another question


def test_answers_are_fresh_outside_the_block(make_case, worker, worker_elsewhere):
    case = make_case(worker)
    with policy.remembering():
        assert policy.can(worker, "case.work", case)
        # Nested: shares the outer answers.
        with policy.remembering(), CaptureQueriesContext(connection) as nested:
            assert policy.can(worker, "case.work", case)
        assert len(nested) == 0
    case.owner = worker_elsewhere
    case.save(update_fields=["owner"])
    work.sync([case.pk])  # past the services: keep the open work too
    assert not policy.can(worker, "case.work", case)
    assert policy.can(worker_elsewhere, "case.work", case)
