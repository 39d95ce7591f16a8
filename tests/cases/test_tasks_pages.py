"""A page of My tasks reads in full only the rows that can be on it (the others are
placed by their due date alone): every page is still the slice of the whole list."""

import datetime as dt

from hearth.cases.models import Case
from hearth.cases.tasks import task_list
from hearth.core import clock
from tests.cases.task_world import day, put, service, visit


def keys(tasks):
    return [t.key for t in tasks]


def test_each_page_is_the_slice_of_the_whole_list(make_case, worker):
    offsets = iter(range(-12, 40))
    for n in range(4):
        case = make_case(worker)
        put(case, status=Case.Status.IN_IMPLEMENTATION, review_due_on=day(30 + n))
        for _i in range(4):  # a due day of its own for each row of a kind
            service(case, next(offsets))
            visit(case, next(offsets))
    whole = task_list(worker).first(500)
    assert len(whole) == 4 + 32  # the reviews, services and follow-ups
    for per in (1, 3, 7, 10):
        tasks = task_list(worker)
        pages = [tasks.page(number, per) for number in range(1, len(whole) // per + 2)]
        assert [key for page in pages for key in keys(page)] == keys(whole)
    for when in ("overdue", "week"):
        whole = task_list(worker, when=when).first(500)
        assert whole
        assert keys(task_list(worker, when=when).first(3)) == keys(whole[:3])


def test_ties_on_a_due_day_across_pages(make_case, worker):
    for _n in range(4):
        case = make_case(worker)
        put(case, status=Case.Status.IN_IMPLEMENTATION)
        for offset in (-3, -3, 0, 2, 2, 5):
            service(case, offset)
    whole = task_list(worker).first(500)
    tasks = task_list(worker)
    pages = [tasks.page(number, 3) for number in range(1, len(whole) // 3 + 2)]
    assert [key for page in pages for key in keys(page)] == keys(whole)


def test_deadlines_on_cases_are_counted_per_kind(make_case, worker):
    """Assessment, plan and review deadlines are counted in one pass over the
    worker's cases: each kind still counts only its own."""
    late = make_case(worker)
    put(late, assessment_due_at=clock.now() - dt.timedelta(hours=2))
    make_case(worker)  # assessment due later
    put(make_case(worker), status=Case.Status.ASSESSED, plan_due_on=day(3))
    put(make_case(worker), status=Case.Status.IN_IMPLEMENTATION, review_due_on=day(-1))
    put(make_case(worker), status=Case.Status.UNDER_REVIEW, review_due_on=day(20))
    put(make_case(worker), status=Case.Status.CLOSED, review_due_on=day(-5))
    counts = task_list(worker).counts()
    assert counts["assessment"] == {"total": 2, "overdue": 1, "week": 1 + counts_soon(worker)}
    assert counts["case_plan"] == {"total": 1, "overdue": 0, "week": 1}
    assert counts["review"] == {"total": 2, "overdue": 1, "week": 1}
    listed = [t.kind for t in task_list(worker).first(50)]
    assert {kind: listed.count(kind) for kind in ("assessment", "case_plan", "review")} == {
        "assessment": 2,
        "case_plan": 1,
        "review": 2,
    }


def counts_soon(worker):
    """Assessments (other than the late one) due within the week, as listed."""
    return sum(
        1
        for t in task_list(worker, when="week").first(50)
        if t.kind == "assessment" and not t.overdue
    )
