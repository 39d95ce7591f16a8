"""The supervisor's team view (G2): numbers against a hand-built team, scope,
links to the filtered case list, and a fixed number of queries per worker count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.cases import queries, work
from hearth.cases.models import Case
from hearth.cases.team import team_summary
from hearth.core import clock
from tests.cases.task_world import day, pending_approval, put, service, visit
from tests.conftest import make_user


@pytest.fixture
def colleague(agencies, places):
    return make_user(
        "colleague",
        "caseworker",
        agency=agencies["gov"],
        team=agencies["north_team"],
        areas=[places["north"]],
    )


@pytest.fixture
def team(make_case, worker, colleague, worker_elsewhere, clerk, supervisor, places):
    """worker: three open cases (one high risk, one overdue service, one late
    assessment) and one closed; colleague: one case with an overdue visit and a
    request waiting for approval; a clerk's case nobody works; and a case in the
    South team that the North supervisor does not count."""
    a = make_case(worker, risk_level="high")
    put(a, status=Case.Status.IN_IMPLEMENTATION, review_due_on=day(-1))
    service(a, -3)
    service(a, 5)
    b = make_case(worker)
    put(b, assessment_due_at=clock.now() - dt.timedelta(hours=1))
    make_case(worker)
    closed = make_case(worker)
    put(closed, status=Case.Status.CLOSED)
    service(closed, -9)
    c = make_case(colleague)
    visit(c, -2)
    pending_approval(c, colleague)
    nobody = make_case(clerk, risk_level="high")
    south = make_case(worker_elsewhere, location=places["south_village"])
    service(south, -4)
    return {"a": a, "b": b, "c": c, "nobody": nobody, "south": south}


def rows(summary):
    return {str(r.worker.username): r for r in summary.workers}


def test_the_numbers_of_a_hand_built_team(team, supervisor):
    summary = team_summary(supervisor)
    by = rows(summary)
    assert set(by) == {"worker", "colleague", "supervisor"}  # not elsewhere, not the clerk
    w = by["worker"]
    assert (w.open_cases, w.high_risk) == (3, 1)
    assert w.overdue == {
        "assessment": 1,
        "case_plan": 0,
        "review": 1,
        "plan_action": 0,
        "service": 1,
        "follow_up": 0,
    }
    assert (w.recommended, w.maximum, w.load) == (25, 35, "")
    c = by["colleague"]
    assert (c.open_cases, c.overdue["follow_up"], c.approvals) == (1, 1, 1)
    assert by["supervisor"].open_cases == 0
    assert summary.approvals_waiting == 1
    assert summary.unassigned == {"high": 1, "medium": 0, "low": 0}
    assert summary.totals()["open_cases"] == 4


def test_caseload_above_the_recommendation(make_case, worker, supervisor):
    from hearth.accounts.models import Role

    Role.objects.filter(code="caseworker").update(caseload_recommended=1, caseload_max=2)
    make_case(worker)
    make_case(worker)
    assert rows(team_summary(supervisor))["worker"].load == "above"
    Case.objects.filter(owner=worker).update(status=Case.Status.REGISTERED)
    work.sync(Case.objects.filter(owner=worker).values_list("pk", flat=True))
    Role.objects.filter(code="caseworker").update(caseload_max=1)
    assert rows(team_summary(supervisor))["worker"].load == "over"


def test_a_manager_sees_the_area_not_the_other_region(team, manager):
    by = rows(team_summary(manager))
    assert {"worker", "colleague"} <= set(by)
    assert "elsewhere" not in by
    assert team_summary(manager).approvals_waiting == 0  # managers do not approve


def test_each_number_leads_to_its_cases(team, supervisor, worker):
    def listed(**filters):
        return {c.number for c in queries.case_list(supervisor, scope="all", **filters)}

    assert listed(owner=worker.pk) == {team["a"].number, team["b"].number} | {
        c.number for c in Case.objects.filter(owner=worker).exclude(status="closed")
    }
    assert listed(owner=worker.pk, overdue="service") == {team["a"].number}
    assert listed(owner=worker.pk, overdue="assessment") == {team["b"].number}
    assert listed(overdue="follow_up") == {team["c"].number}
    assert listed(unassigned=True) == {team["nobody"].number}
    assert team["south"].number not in listed(overdue="1")


def test_a_fixed_number_of_queries_whatever_the_team_size(
    make_case, worker, supervisor, agencies, places
):
    make_case(worker)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            team_summary(supervisor)
        return len(ctx.captured_queries)

    count()  # the supervisor's roles are read once, then kept
    few = count()
    for n in range(4):
        person = make_user(
            f"extra{n}",
            "caseworker",
            agency=agencies["gov"],
            team=agencies["north_team"],
            areas=[places["north"]],
        )
        case = make_case(person, risk_level="high")
        service(case, -1)
        visit(case, -1)
        pending_approval(case, person)
    assert count() == few


def test_the_page_links_to_the_filtered_lists(team, supervisor, worker, signed_in):
    client = signed_in(supervisor)
    page = client.get("/cases/team/").content.decode()
    assert f"owner={worker.pk}&amp;overdue=service" in page
    assert "unassigned=1&amp;risk=high" in page
    listed = client.get(f"/cases/?scope=all&owner={worker.pk}&overdue=service").content.decode()
    assert team["a"].number in listed and team["b"].number not in listed
    assert "Only cases with something overdue." in listed
    nobody = client.get("/cases/?scope=all&unassigned=1").content.decode()
    assert team["nobody"].number in nobody and team["a"].number not in nobody


def test_only_supervisors_and_managers_open_the_team_view(worker, signed_in, client, db):
    assert client.get("/cases/team/").status_code == 302
    assert signed_in(worker).get("/cases/team/").status_code == 403


def test_bad_filters_are_ignored(team, supervisor, signed_in):
    client = signed_in(supervisor)
    assert client.get("/cases/?owner=not-a-uuid&overdue=everything").status_code == 200
