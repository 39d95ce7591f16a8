"""The case page asks the policy the same questions many times (its sections and
template); inside `policy.remembering()` each is asked of the database once (all
of them in one query with `can_all`), and outside it every answer is fresh."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.access import policy
from hearth.cases import work
from hearth.cases.access import assigned_case_ids
from hearth.cases.models import Case, CaseAssignment


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


# Every permission the case page asks, and some it never does.
ASKED = (
    "case.view",
    "case.work",
    "case.refer",
    "case.close",
    "case.reassign",
    "case.transfer",
    "case.supervise",
    "case.void",
    "care.manage",
    "tracing.manage",
    "report.view",
)


@pytest.mark.parametrize(
    "person", ["worker", "worker_elsewhere", "supervisor", "manager", "auditor", "administrator"]
)
def test_all_questions_at_once_give_the_answers_each_would(request, make_case, worker, person):
    reader = request.getfixturevalue(person)
    case = make_case(worker)
    one_by_one = {p: policy.can(reader, p, case) for p in ASKED}  # outside: fresh
    policy.forget(reader)
    with policy.remembering():
        with CaptureQueriesContext(connection) as batch:
            policy.can_all(reader, ASKED, case)
        with CaptureQueriesContext(connection) as after:
            at_once = {p: policy.can(reader, p, case) for p in ASKED}
    assert at_once == one_by_one
    assert len(after) == 0  # every answer was in the batch
    # One query for all the answers (besides the reader's roles and areas).
    assert sum('"cases_case"' in q["sql"] for q in batch.captured_queries) <= 1


def test_all_at_once_outside_a_page_asks_nothing(make_case, worker):
    case = make_case(worker)
    with CaptureQueriesContext(connection) as ctx:
        policy.can_all(worker, ASKED, case)
    assert len(ctx) == 0


def test_all_at_once_for_a_case_that_is_gone(make_case, worker):
    case = make_case(worker)
    gone = Case(pk=uuid.uuid4())  # never saved: no one may do anything to it
    with policy.remembering():
        policy.can_all(worker, ("case.view", "case.work"), gone)
        assert not policy.can(worker, "case.view", gone)
        assert not policy.can(worker, "case.work", gone)
        assert policy.can(worker, "case.work", case)


def test_ids_read_first_are_read_once_per_page(make_case, worker, supervisor):
    case = make_case(worker)
    reads = []

    def read():
        reads.append(1)
        return [case.pk]

    assert policy.remembered(("probe", worker.pk), read) == [case.pk]
    assert policy.remembered(("probe", worker.pk), read) == [case.pk]
    assert len(reads) == 2  # outside a page: every call reads
    with policy.remembering():
        policy.remembered(("probe", worker.pk), read)
        policy.remembered(("probe", worker.pk), read)
        policy.remembered(("probe", supervisor.pk), read)
    assert len(reads) == 4  # once per key inside


def test_assignments_are_fresh_outside_a_page(make_case, worker, worker_elsewhere):
    case = make_case(worker)
    assert assigned_case_ids(worker_elsewhere) == []
    CaseAssignment.objects.create(case=case, user=worker_elsewhere)
    assert assigned_case_ids(worker_elsewhere) == [case.pk]
    with policy.remembering(), CaptureQueriesContext(connection) as ctx:
        assigned_case_ids(worker_elsewhere)
        assert policy.can(worker_elsewhere, "case.work", case)
        assert policy.visible(worker_elsewhere, Case, "case.view", listed=True).filter(pk=case.pk)
    # The ids were read once for the page, and used by the read that lists them.
    reads = [q for q in ctx.captured_queries if q["sql"].startswith(ASSIGNMENTS_READ)]
    assert len(reads) == 1


ASSIGNMENTS_READ = 'SELECT "cases_caseassignment"."case_id"'
