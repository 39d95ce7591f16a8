"""GET /api/v1/tasks and GET /api/v1/team/summary: the same rows and numbers as
the pages, paginated, and the same rules about who may ask."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.cases.models import Case
from tests.cases.delivery_world import api
from tests.cases.task_world import day, pending_approval, put, service, visit


def test_my_tasks_paginated(case, worker, client):
    put(case, status=Case.Status.IN_IMPLEMENTATION)
    for n in range(3):
        service(case, n - 1)
        visit(case, n + 1)
    c = api(client, worker)
    body = c.get("/api/v1/tasks?per=4").json()
    assert (body["total"], body["page"], body["per"]) == (6, 1, 4)
    assert [t["due"] for t in body["items"]] == [
        str(day(-1)),
        str(day(0)),
        str(day(1)),
        str(day(1)),
    ]
    assert body["items"][0]["overdue"] is True
    assert body["items"][0]["case_number"] == case.number
    assert body["items"][0]["child"] == "Amina Okello"
    assert body["counts"]["service"] == {"total": 3, "overdue": 1, "week": 3}
    second = c.get("/api/v1/tasks?per=4&page=2").json()
    assert len(second["items"]) == 2
    overdue = c.get("/api/v1/tasks?when=overdue").json()
    assert overdue["total"] == 1
    assert c.get("/api/v1/tasks?kind=follow_up").json()["total"] == 3


def test_bad_filters_are_refused_with_a_message(worker, client, db):
    c = api(client, worker)
    response = c.get("/api/v1/tasks?kind=chores")
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    assert c.get("/api/v1/tasks?per=500").status_code == 400


def test_a_fixed_number_of_queries_at_two_page_sizes(make_case, worker, client):
    for _n in range(3):
        case = make_case(worker)
        service(case, -1)
        visit(case, 2)
    c = api(client, worker)
    c.get("/api/v1/tasks?per=2")

    def count(per):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/api/v1/tasks?per={per}").status_code == 200
        return len(ctx.captured_queries)

    assert count(2) == count(50)


def test_team_summary_for_the_supervisor_only(case, worker, supervisor, client):
    service(case, -3)
    pending_approval(case, worker)
    body = api(client, supervisor).get("/api/v1/team/summary").json()
    row = next(w for w in body["workers"] if w["id"] == str(worker.pk))
    assert row["open_cases"] == 1 and row["overdue"]["service"] == 1
    assert row["approvals_waiting"] == 1 and body["approvals_waiting"] == 1
    assert (row["recommended"], row["maximum"]) == (25, 35)
    assert body["unassigned"] == {"high": 0, "medium": 0, "low": 0}
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert api(client, worker).get("/api/v1/team/summary").status_code == 403
