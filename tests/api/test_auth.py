"""/api/v1: documented, and closed to anyone without a live token or session."""

import datetime as dt

import pytest
from django.test import Client

from hearth.accounts import tokens
from hearth.core import clock
from tests import factories


def test_the_openapi_description_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Hearth API"
    assert "/api/v1/persons" in schema["paths"]
    assert "/api/v1/persons/{person_id}" in schema["paths"]


def test_the_docs_page_is_served_without_inline_or_remote_scripts(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or 'type="application/json"' in opening


def test_without_a_token_the_answer_is_401_json(client, db):
    response = client.get("/api/v1/persons")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Authorization: Bearer" in response.json()["message"]


@pytest.mark.parametrize("header", ["Bearer hth_wrong", "Bearer ", "Basic d29ya2VyOnB3", "hth_x"])
def test_a_bad_token_is_401(client, worker, header):
    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["message"]


def test_a_revoked_token_is_401(client, worker):
    token, raw = tokens.token_create(actor=worker, name="old")
    tokens.token_revoke(actor=worker, token=token)
    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_an_expired_token_is_401(client, worker):
    _, raw = tokens.token_create(actor=worker, name="old", days=2)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    clock.freeze(clock.now() + dt.timedelta(days=3))
    try:
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    finally:
        clock.freeze(None)


def test_me(api, worker):
    me = api(worker).get("/api/v1/me").json()
    assert me["username"] == "worker"
    assert me["roles"] == ["caseworker"]
    assert "person.create" in me["permissions"]


def test_a_read_only_token_reads_but_never_writes(api, worker):
    child = factories.person(worker)
    client = api(worker, read_only=True)
    assert client.get("/api/v1/persons").status_code == 200
    created = client.post(
        "/api/v1/persons", {"given_name": "Grace"}, content_type="application/json"
    )
    assert created.status_code == 403
    assert created.json()["message"] == "This token is read-only."
    patched = client.patch(
        f"/api/v1/persons/{child.pk}",
        {"version": 1, "given_name": "X"},
        content_type="application/json",
    )
    assert patched.status_code == 403
    child.refresh_from_db()
    assert child.given_name == "Amina"


def test_a_role_without_the_permission_gets_403(api, administrator):
    response = api(administrator).get("/api/v1/persons")
    assert response.status_code == 403
    assert response.json()["message"]


def test_the_browser_session_works_and_writes_need_the_csrf_token(worker, db):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(worker)
    assert browser.get("/api/v1/persons").status_code == 200
    refused = browser.post(
        "/api/v1/persons", {"given_name": "Grace"}, content_type="application/json"
    )
    assert refused.status_code in (401, 403)
