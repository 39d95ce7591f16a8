"""/api/v1/forms and /api/v1/lookups."""

import pytest

from hearth.accounts.tokens import token_create
from hearth.forms import schema, services
from hearth.forms.seed import load

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = token_create(actor=user, name="tests", read_only=True)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_forms_in_use_with_their_current_version(client, worker):
    response = client.get("/api/v1/forms", **bearer(worker))
    assert response.status_code == 200
    body = response.json()
    # The two assessments of the forms app, and the care module's family assessment.
    assert body["total"] == 3
    by_code = {item["code"]: item for item in body["items"]}
    assert by_code["initial_assessment"] == {
        "code": "initial_assessment",
        "name": "Initial assessment",
        "kind": "assessment",
        "description": load("initial_assessment")["description"],
        "current_version": 1,
    }
    assert client.get("/api/v1/forms?kind=review", **bearer(worker)).json()["total"] == 0


def test_the_current_number_follows_publishing(client, worker, administrator):
    definition = services.form_definition_create(actor=administrator, code="visit", name="Visit")
    listed = {i["code"]: i for i in client.get("/api/v1/forms", **bearer(worker)).json()["items"]}
    assert listed["visit"]["current_version"] is None
    draft = services.form_version_create_draft(
        actor=administrator, definition=definition, schema=load("initial_assessment")["schema"]
    )
    services.form_version_publish(actor=administrator, version=draft)
    listed = {i["code"]: i for i in client.get("/api/v1/forms", **bearer(worker)).json()["items"]}
    assert listed["visit"]["current_version"] == 1


def test_a_version_with_its_schema(client, worker):
    response = client.get("/api/v1/forms/comprehensive_assessment/versions/1", **bearer(worker))
    assert response.status_code == 200
    body = response.json()
    assert body["form"] == "comprehensive_assessment"
    assert body["number"] == 1
    assert body["status"] == "published"
    assert schema.check(body["schema"]) == []


def test_drafts_are_for_those_who_manage_configuration(client, worker, administrator):
    definition = services.form_definition_create(actor=administrator, code="visit", name="Visit")
    services.form_version_create_draft(
        actor=administrator, definition=definition, schema=load("initial_assessment")["schema"]
    )
    url = "/api/v1/forms/visit/versions/1"
    assert client.get(url, **bearer(worker)).status_code == 404
    assert client.get(url, **bearer(administrator)).status_code == 200


def test_unknown_forms_and_versions(client, worker):
    assert client.get("/api/v1/forms/nothing/versions/1", **bearer(worker)).status_code == 404
    response = client.get("/api/v1/forms/initial_assessment/versions/7", **bearer(worker))
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_lookup_lists_with_translations(client, worker, administrator):
    response = client.get("/api/v1/lookups/risk_likelihood", **bearer(worker))
    body = response.json()
    assert [v["code"] for v in body["values"]] == ["low", "medium", "high"]
    assert body["values"][2]["translations"]["fr"].startswith("Élevée")
    lookup = services.lookup_create(actor=administrator, code="levels", name="Levels")
    value = services.lookup_value_add(actor=administrator, lookup=lookup, code="old", label="Old")
    services.lookup_value_update(actor=administrator, value=value, is_active=False)
    assert client.get("/api/v1/lookups/levels", **bearer(worker)).json()["values"] == []
    everything = client.get("/api/v1/lookups/levels?include_inactive=true", **bearer(worker))
    assert everything.json()["values"][0]["active"] is False


def test_the_api_needs_its_permission(client, auditor, signed_in):
    # The auditor's role does not include "api.use".
    response = signed_in(auditor).get("/api/v1/forms")
    assert response.status_code == 403
    assert client.logout() is None
    assert client.get("/api/v1/forms").status_code == 401
