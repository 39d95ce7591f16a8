"""Casework reminders (E5): who gets what, and once."""

import datetime as dt

from hearth.cases import work
from hearth.cases.models import Case
from hearth.cases.task_reminders import overdue_by_worker
from hearth.core import clock
from hearth.notify.models import Notification
from hearth.notify.services import reminders_send
from tests.cases.task_world import day, pending_approval, put, service, visit


def inbox(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    if kind:
        rows = rows.filter(kind=kind)
    return sorted(rows.values_list("title", flat=True))


def test_coming_due_goes_to_the_worker_once(case, worker, supervisor, worker_elsewhere):
    put(case, status=Case.Status.IN_IMPLEMENTATION, assessment_due_at=None)
    service(case, 2)
    service(case, 10)  # beyond the three days ahead
    reminders_send()
    reminders_send()
    (title,) = inbox(worker, "coming_due")
    assert case.number in title and "Health" in title
    assert inbox(supervisor) == [] and inbox(worker_elsewhere) == []


def test_overdue_items_go_to_the_worker_once_each(case, worker):
    put(
        case,
        status=Case.Status.IN_IMPLEMENTATION,
        assessment_due_at=None,
        review_due_on=day(-1),
    )
    visit(case, -3)
    service(case, -1)
    service(case, -1, status="delivered", delivered_on=day(-1))
    reminders_send()
    reminders_send()
    titles = inbox(worker, "overdue")
    assert len(titles) == 3
    assert all("overdue" in t and case.number in t for t in titles)


def test_a_moved_deadline_is_reminded_again(case, worker):
    put(case, status=Case.Status.IN_IMPLEMENTATION, assessment_due_at=None)
    s = service(case, 1)
    reminders_send()
    s.due_on = day(2)
    s.save()
    work.sync([case.pk])  # past the services: keep the open work too
    reminders_send()
    assert len(inbox(worker, "coming_due")) == 2


def test_closed_cases_remind_nobody(case, worker):
    put(case, status=Case.Status.CLOSED, assessment_due_at=None)
    service(case, -1)
    visit(case, 1)
    reminders_send()
    assert inbox(worker) == []


def test_a_late_assessment(case, worker):
    put(case, assessment_due_at=clock.now() - dt.timedelta(days=1))
    reminders_send()
    (title,) = inbox(worker, "overdue")
    assert "assessment" in title.lower()


def test_approvals_waiting_too_long_remind_the_approver(case, worker, supervisor):
    pending_approval(case, worker, days_ago=2)
    reminders_send()
    assert inbox(supervisor, "overdue") == []
    pending_approval(case, worker, days_ago=9, subject_id=worker.pk)
    reminders_send()
    reminders_send()
    (title,) = inbox(supervisor, "overdue")
    assert case.number in title
    assert inbox(worker, "overdue") == []  # not the one who asked


def test_the_supervisor_gets_one_digest_per_worker_a_week(
    make_case, worker, supervisor, worker_elsewhere, places
):
    mine = make_case(worker)
    put(mine, status=Case.Status.IN_IMPLEMENTATION, assessment_due_at=None)
    service(mine, -2)
    visit(mine, -1)
    theirs = make_case(worker_elsewhere, location=places["south_village"])
    service(theirs, -2)
    assert overdue_by_worker(clock.today())[worker.pk] == 2
    reminders_send()
    reminders_send(today=clock.today() + dt.timedelta(days=1))
    (digest,) = inbox(supervisor, "team_overdue")
    assert "Worker" in digest and "2 overdue items" in digest
    link = Notification.objects.get(recipient=supervisor, kind="team_overdue").link
    assert link == f"/cases/?scope=all&owner={worker.pk}&overdue=1"
    # Nobody supervises the South team here; the worker gets no digest of their own.
    assert inbox(worker, "team_overdue") == []
    reminders_send(today=clock.today() + dt.timedelta(days=7))
    assert len(inbox(supervisor, "team_overdue")) == 2
