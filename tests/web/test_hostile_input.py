"""Names and notes that try to be code are kept exactly as typed and stay text:
escaped on pages, plain strings in JSON, harmless in searches."""

import json

import pytest

from hearth.accounts import tokens
from hearth.registry.models import Person, Relationship
from tests import factories

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE registry_person; --"


@pytest.fixture
def api(client, worker):
    _, raw = tokens.token_create(actor=worker, name="hostile")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def call(method, path, payload=None, **params):
        if method == "get":
            return client.get(path, params, **headers)
        return client.post(path, json.dumps(payload), content_type="application/json", **headers)

    return call


@pytest.fixture
def hostile(worker, places):
    return factories.person(
        worker, given_name=SCRIPT, family_name=IMG, other_names=SQL, address=SCRIPT + IMG
    )


def assert_inert(html: str):
    assert SCRIPT not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_stored_verbatim(hostile):
    person = Person.objects.get(pk=hostile.pk)
    assert (person.given_name, person.family_name, person.other_names) == (SCRIPT, IMG, SQL)


def test_escaped_on_the_person_page(hostile, worker, signed_in):
    html = signed_in(worker).get(f"/registry/people/{hostile.pk}/").content.decode()
    assert_inert(html)
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&#x27;; DROP TABLE registry_person; --" in html


def test_escaped_in_lists_and_searches(hostile, worker, signed_in):
    client = signed_in(worker)
    for query in ("", SCRIPT, IMG, SQL, "%' OR '1'='1", "\\"):
        response = client.get("/registry/people/", {"q": query})
        assert response.status_code == 200, query
        assert SCRIPT not in response.content.decode()
    found = client.get("/registry/people/", {"q": "drop table"}).content.decode()
    assert str(hostile.pk) in found
    assert Person.objects.count() == 1  # the table is still there


def test_registered_through_the_form(worker, signed_in, places):
    client = signed_in(worker)
    response = client.post(
        "/registry/people/new/",
        {
            "given_name": SQL,
            "family_name": SCRIPT,
            "sex": "female",
            "has_disability": "unknown",
            "age_years": "7",
            "ids-TOTAL_FORMS": "0",
            "ids-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    assert (person.given_name, person.family_name) == (SQL, SCRIPT)
    assert_inert(client.get(response["Location"]).content.decode())


def test_plain_strings_in_the_api(api, worker, places):
    created = api(
        "post", "/api/v1/persons", {"given_name": SCRIPT, "family_name": IMG, "other_names": SQL}
    )
    assert created.status_code == 201, created.content
    assert created["Content-Type"].startswith("application/json")
    body = created.json()
    assert (body["given_name"], body["family_name"], body["other_names"]) == (SCRIPT, IMG, SQL)
    for query in (SCRIPT, IMG, SQL):
        listed = api("get", "/api/v1/persons", q=query)
        assert listed.status_code == 200
    assert api("get", "/api/v1/persons", q="drop table").json()["total"] == 1


def test_relationship_notes(api, worker, hostile, places):
    relative = factories.person(worker, given_name="Grace")
    response = api(
        "post",
        f"/api/v1/persons/{hostile.pk}/relationships",
        {"relative": str(relative.pk), "kind": "mother", "notes": SCRIPT + SQL},
    )
    assert response.status_code == 201, response.content
    assert Relationship.objects.get().notes == SCRIPT + SQL


def test_escaped_on_the_audit_screen(hostile, auditor, signed_in):
    client = signed_in(auditor)
    assert_inert(client.get("/audit/", {"record": SCRIPT}).content.decode())
    html = client.get("/audit/", {"record": str(hostile.pk)}).content.decode()
    assert str(hostile.pk) in html
    assert "<script>alert" not in html
