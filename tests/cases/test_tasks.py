"""My tasks (G1): who sees which tasks, overdue first, filters and counts, and a
fixed number of queries whatever the caseload and the page size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.access import sensitivity
from hearth.cases.models import Case, Referral, ServiceType
from hearth.cases.services import registration
from hearth.cases.tasks import task_list
from hearth.core import clock
from tests.cases.task_world import day, pending_approval, put, service, visit


def kinds(tasks):
    return [t.kind for t in tasks]


def test_a_new_case_asks_for_its_assessment(case, worker):
    tasks = task_list(worker).first(50)
    assert kinds(tasks) == ["assessment"]
    task = tasks[0]
    assert task.case_number == case.number
    assert task.child == "Amina Okello"
    assert task.due == timezone.localdate(case.assessment_due_at)
    assert task.link == f"/cases/{case.pk}/#assessments"
    assert not task.overdue


def test_overdue_first_then_by_due_date(case, worker):
    put(case, status=Case.Status.IN_IMPLEMENTATION, review_due_on=day(20))
    later = service(case, 9)
    late = visit(case, -3)
    soon = service(case, 2)
    latest_overdue = service(case, -1)
    tasks = task_list(worker).first(50)
    assert [t.due for t in tasks] == [day(-3), day(-1), day(2), day(9), day(20)]
    assert [t.overdue for t in tasks] == [True, True, False, False, False]
    assert kinds(tasks) == ["follow_up", "service", "service", "service", "review"]
    assert tasks[0].key.startswith(f"follow_up:{late.pk}")
    assert {later.pk, soon.pk, latest_overdue.pk} == {s.pk for s in case.services.all()}


def test_done_delivered_and_closed_are_not_tasks(case, worker):
    put(case, status=Case.Status.IN_IMPLEMENTATION)
    service(case, -2, status="delivered", delivered_on=day(-2))
    service(case, -2, status="cancelled", cancel_reason="Not needed")
    visit(case, -2, done_on=day(-2), contact="in_person", observations="Well")
    visit(case, 1, is_voided=True)
    assert task_list(worker).first(50) == []
    open_case = service(case, 3)
    assert len(task_list(worker).first(50)) == 1
    put(case, status=Case.Status.CLOSED)
    assert task_list(worker).first(50) == [] and open_case


def test_never_another_teams_cases(make_case, worker, worker_elsewhere, supervisor, places):
    mine = make_case(worker)
    theirs = make_case(worker_elsewhere, location=places["south_village"])
    service(theirs, -5)
    visit(mine, 1)
    assert {t.case_number for t in task_list(worker).first(50)} == {mine.number}
    assert {t.case_number for t in task_list(worker_elsewhere).first(50)} == {theirs.number}
    # The supervisor sees the team's cases but these are not their own tasks.
    assert task_list(supervisor).first(50) == []


def test_an_assigned_worker_shares_the_tasks(make_case, worker, supervisor):
    case = make_case(supervisor)
    visit(case, 2)
    assert task_list(worker).first(50) == []
    registration.assignment_add(actor=supervisor, case=case, user=worker)
    assert "follow_up" in kinds(task_list(worker).first(50))


def test_approvals_wait_for_the_supervisor_not_the_requester(case, worker, supervisor):
    approval = pending_approval(case, worker, days_ago=10)
    tasks = task_list(supervisor).first(50)
    assert kinds(tasks) == ["approval"]
    assert tasks[0].overdue  # more than a week waiting
    assert tasks[0].key == f"approval:{approval.pk}"
    assert "approval" not in kinds(task_list(worker).first(50))


def test_referrals_and_transfers_waiting_for_my_answer(make_case, worker, worker_elsewhere, places):
    case = make_case(worker_elsewhere, location=places["south_village"])
    Referral.objects.create(
        case=case,
        service_type=ServiceType.objects.get(code="health"),
        to_user=worker,
        reason="Needs a check-up",
        respond_by=day(-1),
    )
    tasks = task_list(worker).first(50)
    assert kinds(tasks) == ["referral"]
    assert tasks[0].overdue and tasks[0].link == "/cases/referrals/incoming/"
    Referral.objects.update(status=Referral.Status.ACCEPTED)
    assert task_list(worker).first(50) == []


def test_a_referral_to_my_agency_waits_for_my_answer(make_case, worker, ngo_worker, agencies):
    """A caseworker may answer for their agency (referral.respond) without being
    able to take in its transfers (case.reassign): the referral is theirs to answer."""
    case = make_case(worker)
    Referral.objects.create(
        case=case,
        service_type=ServiceType.objects.get(code="health"),
        to_agency=agencies["ngo"],
        reason="Needs a check-up",
        respond_by=day(3),
    )
    tasks = task_list(ngo_worker).first(50)
    assert kinds(tasks) == ["referral"]
    assert task_list(ngo_worker).counts()["referral"]["total"] == 1


def test_filters_and_counts(case, worker):
    put(case, status=Case.Status.IN_IMPLEMENTATION)
    service(case, -2)
    service(case, 3)
    service(case, 30)
    visit(case, 5)
    tasks = task_list(worker)
    assert tasks.counts()["service"] == {"total": 3, "overdue": 1, "week": 2}
    assert tasks.counts()["follow_up"] == {"total": 1, "overdue": 0, "week": 1}
    assert tasks.total() == 4
    overdue = task_list(worker, when="overdue")
    assert [t.due for t in overdue.first(50)] == [day(-2)] and overdue.total() == 1
    week = task_list(worker, when="week")
    assert [t.due for t in week.first(50)] == [day(-2), day(3), day(5)]
    only = task_list(worker, kind="follow_up")
    assert kinds(only.first(50)) == ["follow_up"] and only.total() == 1


def test_pages_are_slices_of_the_whole_list(case, worker):
    put(case, status=Case.Status.IN_IMPLEMENTATION)
    for n in range(7):
        service(case, n - 3)
        visit(case, n - 2)
    tasks = task_list(worker)
    whole = tasks.first(100)
    assert len(whole) == 14
    assert tasks.page(1, 5) + tasks.page(2, 5) + tasks.page(3, 5) == whole


def test_a_masked_child_name(case, worker, agencies):
    from hearth.access import policy
    from hearth.accounts.models import Role

    Role.objects.filter(code="caseworker").update(clearance=0)
    policy.forget(worker)
    assert task_list(worker).first(5)[0].child == "••• •••"


@pytest.mark.parametrize("when", ["", "overdue"])
def test_a_fixed_number_of_queries(make_case, worker, when, monkeypatch):
    # Field sensitivity is re-read every 30 s: warmed before each measurement and
    # then kept, so on a slow run a re-read does not count as the page's.
    monkeypatch.setattr(sensitivity, "CACHE_SECONDS", 10**9)

    def measure(per):
        task_list(worker, when=when).page(1, per)
        with CaptureQueriesContext(connection) as ctx:
            tasks = task_list(worker, when=when)
            tasks.counts()
            tasks.total()
            tasks.page(1, per)
        return len(ctx.captured_queries)

    first = make_case(worker)
    put(first, status=Case.Status.IN_IMPLEMENTATION, review_due_on=day(-1))
    service(first, -1)
    visit(first, -3)
    make_case(worker)  # an assessment to do
    small = measure(10)
    for _n in range(4):
        more = make_case(worker)
        service(more, -2)
        service(more, 4)
        visit(more, -1)
    assert measure(10) == small
    assert measure(50) == small


def test_the_page_lists_and_filters(case, worker, signed_in):
    put(case, status=Case.Status.IN_IMPLEMENTATION)
    service(case, -2)
    visit(case, 3)
    client = signed_in(worker)
    page = client.get("/cases/tasks/").content.decode()
    assert case.number in page and "overdue" in page
    assert f'href="/cases/{case.pk}/#services"' in page
    only = client.get("/cases/tasks/?kind=follow_up").content.decode()
    assert "#followups" in only and "#services" not in only
    assert client.get("/cases/tasks/?kind=nonsense&when=never&page=99").status_code == 200


def test_the_page_needs_a_signed_in_case_reader(client, db, administrator, signed_in):
    assert client.get("/cases/tasks/").status_code == 302
    assert signed_in(administrator).get("/cases/tasks/").status_code == 403


def test_home_panels(case, worker, signed_in):
    put(case, status=Case.Status.IN_IMPLEMENTATION, next_due_on=day(-2))
    service(case, -2)
    page = signed_in(worker).get("/").content.decode()
    assert "My tasks" in page and "My cases" in page
    assert "1 overdue" in page and case.number in page


def test_the_assessment_is_overdue_from_its_moment(case, worker):
    put(case, assessment_due_at=clock.now() - dt.timedelta(minutes=5))
    (task,) = task_list(worker).first(5)
    assert task.overdue
    assert task_list(worker, when="overdue").total() == 1
