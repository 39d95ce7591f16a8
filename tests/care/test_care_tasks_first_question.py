"""The care module's part of a task list asks first whether the worker has any
care work at all, so the seven care queries are not built for a caseload with
none (most caseworkers' lists)."""

from hearth.access import policy
from hearth.care.tasks import care_tasks_for


def test_a_caseload_without_care_work_takes_two_queries(
    make_case, worker, django_assert_num_queries
):
    make_case(worker)
    make_case(worker)
    policy.roles_of(worker)  # the roles are read once per request
    with django_assert_num_queries(2):  # the worker's assignments, and the question
        assert care_tasks_for(worker) == []
