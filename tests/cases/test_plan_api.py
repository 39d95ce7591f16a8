"""/api/v1 assessments, case plans and approvals: the round trip a mobile client
makes, and the refusals (422 with field errors, 409 for a step the case is not
ready for or a stale version, 404 outside one's cases, 403 for read-only tokens)."""

import datetime as dt
import json

import pytest

from hearth.accounts import tokens
from hearth.cases.models import Assessment, Case, CasePlan
from hearth.core import clock
from tests.cases.planning import initial_answers, submitted_assessment


@pytest.fixture
def api(client):
    """api(user, read_only=False) -> a client sending that user's fresh token."""

    def as_user(user, *, read_only=False):
        _, raw = tokens.token_create(actor=user, name="tests", read_only=read_only)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_user


def send(client, method, url, body=None):
    return getattr(client, method)(
        f"/api/v1{url}", data=json.dumps(body or {}), content_type="application/json"
    )


def test_assessment_and_plan_round_trip(case, worker, supervisor, api):
    client = api(worker)
    response = send(client, "post", f"/cases/{case.pk}/assessments", {"form": "initial_assessment"})
    assert response.status_code == 201, response.content
    body = response.json()
    assessment_id, version = body["id"], body["version"]
    assert body["status"] == "draft" and body["form_version"] == 1

    response = send(
        client,
        "patch",
        f"/assessments/{assessment_id}",
        {"version": version, "answers": {"situation": {"child_seen": "yes"}}},
    )
    assert response.status_code == 200
    assert response.json()["answers"] == {"situation": {"child_seen": True}}
    version = response.json()["version"]

    response = send(client, "post", f"/assessments/{assessment_id}/submit", {"version": version})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "situation.summary" in errors and "risks.identified" in errors

    response = send(
        client,
        "post",
        f"/assessments/{assessment_id}/submit",
        {"version": version, "answers": initial_answers(), "note": "Urgent"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["approvals"][0]["requested_note"] == "Urgent"

    # A plan has to wait for the completed assessment.
    response = send(client, "post", f"/cases/{case.pk}/plans", {})
    assert response.status_code == 409
    assert "assessment" in response.json()["message"]

    boss = api(supervisor)
    waiting = boss.get("/api/v1/approvals").json()
    assert waiting["total"] == 1
    approval = waiting["items"][0]
    assert approval["subject"] == "assessment" and approval["subject_id"] == assessment_id
    response = send(boss, "post", f"/approvals/{approval['id']}/decide", {"approve": True})
    assert response.status_code == 200 and response.json()["decision"] == "approved"
    assert Case.objects.get(pk=case.pk).status == "assessed"

    client = api(worker)
    assert client.get(f"/api/v1/assessments/{assessment_id}").json()["status"] == "approved"
    response = send(client, "post", f"/cases/{case.pk}/plans", {"summary": "Safe at home"})
    assert response.status_code == 201
    plan = response.json()
    target = (clock.today() + dt.timedelta(days=5)).isoformat()
    response = send(
        client,
        "put",
        f"/plans/{plan['id']}",
        {
            "version": plan["version"],
            "goals": [
                {
                    "domain": "care",
                    "description": "Grandmother cares for the child",
                    "actions": [
                        {
                            "description": "Home visit",
                            "responsible_user": str(worker.pk),
                            "target_date": target,
                        }
                    ],
                }
            ],
        },
    )
    assert response.status_code == 200, response.content
    plan = response.json()
    (goal,) = plan["goals"]
    assert goal["actions"][0]["description"] == "Home visit"
    assert goal["actions"][0]["overdue"] is False

    response = send(client, "post", f"/plans/{plan['id']}/submit", {"version": plan["version"]})
    assert response.status_code == 200 and response.json()["status"] == "submitted"

    boss = api(supervisor)
    approval = boss.get("/api/v1/approvals").json()["items"][0]
    response = send(boss, "post", f"/approvals/{approval['id']}/decide", {"approve": True})
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).status == "plan_approved"

    client = api(worker)
    action_id = goal["actions"][0]["id"]
    response = send(client, "post", f"/actions/{action_id}/done", {})
    assert response.status_code == 200 and response.json()["done_on"] == clock.today().isoformat()
    response = send(client, "post", f"/plans/{plan['id']}/revise")
    assert response.status_code == 201
    assert response.json()["number"] == 2 and response.json()["status"] == "draft"
    assert response.json()["goals"][0]["actions"][0]["done_on"] == clock.today().isoformat()


def test_a_stale_version_is_a_conflict(case, worker, api):
    client = api(worker)
    body = send(
        client, "post", f"/cases/{case.pk}/assessments", {"form": "initial_assessment"}
    ).json()
    url = f"/assessments/{body['id']}"
    first = send(client, "patch", url, {"version": 1, "answers": {"safety": {"safe_now": True}}})
    assert first.status_code == 200
    second = send(client, "patch", url, {"version": 1, "answers": {"safety": {"safe_now": False}}})
    assert second.status_code == 409
    assert Assessment.objects.get(pk=body["id"]).answers == {"safety": {"safe_now": True}}


def test_plan_problems_come_back_by_path(case, worker, supervisor, api):
    from tests.cases.planning import assessed

    assessed(case, worker, supervisor)
    client = api(worker)
    plan = send(client, "post", f"/cases/{case.pk}/plans", {}).json()
    response = send(
        client,
        "put",
        f"/plans/{plan['id']}",
        {
            "version": plan["version"],
            "goals": [
                {
                    "domain": "care",
                    "description": "Safe",
                    "actions": [{"description": "Visit", "target_date": "2026-05-01"}],
                },
                {"domain": "", "description": "", "actions": [{"description": "x"}]},
            ],
        },
    )
    assert response.status_code == 422
    assert "goals.1.actions.0.target_date" in response.json()["errors"]  # input shape
    response = send(
        client,
        "put",
        f"/plans/{plan['id']}",
        {
            "version": plan["version"],
            "goals": [
                {
                    "domain": "care",
                    "description": "Safe",
                    "actions": [{"description": "Visit", "target_date": "2026-05-01"}],
                },
                {"domain": "", "description": ""},
            ],
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {
        "goals.0.actions.0.responsible_user",
        "goals.1.domain",
        "goals.1.description",
    }
    response = send(client, "post", f"/plans/{plan['id']}/submit", {"version": plan["version"]})
    assert response.status_code == 422 and "goals" in response.json()["errors"]
    assert CasePlan.objects.get(pk=plan["id"]).status == "draft"


def test_refusals(case, worker, worker_elsewhere, manager, supervisor, api):
    assessment = submitted_assessment(case, worker)
    elsewhere = api(worker_elsewhere)
    assert elsewhere.get(f"/api/v1/assessments/{assessment.pk}").status_code == 404
    response = send(
        elsewhere, "post", f"/cases/{case.pk}/assessments", {"form": "initial_assessment"}
    )
    assert response.status_code == 404
    assert elsewhere.get("/api/v1/approvals").status_code == 403  # a caseworker does not approve

    # A manager reads with sensitive answers masked.
    body = api(manager).get(f"/api/v1/assessments/{assessment.pk}").json()
    assert body["answers"]["situation"]["summary"] is None
    assert "situation.summary" in body["masked"]
    assert body["answers"]["situation"]["child_seen"] is True

    # A read-only token cannot write, and the requester cannot decide their own request.
    reader = api(worker, read_only=True)
    response = send(reader, "post", f"/assessments/{assessment.pk}/withdraw")
    assert response.status_code == 403
    approval = api(supervisor).get("/api/v1/approvals").json()["items"][0]
    response = send(
        api(supervisor),
        "post",
        f"/approvals/{approval['id']}/decide",
        {"approve": False, "comment": ""},
    )
    assert response.status_code == 409
    assert "Say what needs to change" in response.json()["message"]
    response = send(api(worker), "post", f"/approvals/{approval['id']}/decide", {"approve": True})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"


def test_unknown_form_is_a_field_error(case, worker, api):
    response = send(api(worker), "post", f"/cases/{case.pk}/assessments", {"form": "tea"})
    assert response.status_code == 422
    assert "form" in response.json()["errors"]
