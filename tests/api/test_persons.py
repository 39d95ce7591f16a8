"""/api/v1/persons and households: the same services, rules and visibility as the pages."""

import datetime as dt

import pytest

from hearth.accounts.models import Role
from hearth.core import clock
from hearth.registry import services
from hearth.registry.models import Person
from tests import factories
from tests.conftest import make_user


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def test_register_a_person_with_identifiers(api, worker, places):
    response = post(
        api(worker),
        "/api/v1/persons",
        {
            "given_name": "Grace",
            "family_name": "Atieno",
            "sex": "female",
            "age_years": 6,
            "location": str(places["north_village"].pk),
            "identifiers": [{"type": "birth_registration", "value": "BR-99"}],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["given_name"] == "Grace" and body["age"] == 6
    assert body["birth_date_estimated"] is True
    assert body["location"] == str(places["north_village"].pk)
    assert [i["value"] for i in body["identifiers"]] == ["BR-99"]
    assert body["masked"] == []
    assert Person.objects.get(pk=body["id"]).created_by == worker


def test_a_future_birth_date_is_422_with_the_field(api, worker):
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    response = post(api(worker), "/api/v1/persons", {"given_name": "G", "date_of_birth": tomorrow})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["date_of_birth"] == ["The date of birth cannot be in the future."]
    assert body["message"] == "The date of birth cannot be in the future."
    assert not Person.objects.exists()


def test_malformed_input_is_422_with_the_field(api, worker):
    response = post(api(worker), "/api/v1/persons", {"date_of_birth": "yesterday"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "given_name" in errors and "date_of_birth" in errors


def test_an_unknown_identifier_type_is_422(api, worker):
    response = post(
        api(worker),
        "/api/v1/persons",
        {"given_name": "G", "identifiers": [{"type": "library", "value": "1"}]},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["type"] == ["Unknown identifier type “library”."]
    assert not Person.objects.exists()


def test_list_with_pagination(api, worker):
    for name in ("Amina", "Brian", "Cissy", "Daudi", "Esther"):
        factories.person(worker, given_name=name)
    client = api(worker)
    first = client.get("/api/v1/persons", {"page": 1, "per": 2}).json()
    assert (first["total"], first["page"], first["per"]) == (5, 1, 2)
    assert [p["given_name"] for p in first["items"]] == ["Amina", "Brian"]
    last = client.get("/api/v1/persons", {"page": 3, "per": 2}).json()
    assert [p["given_name"] for p in last["items"]] == ["Esther"]
    found = client.get("/api/v1/persons", {"q": "dau"}).json()
    assert found["total"] == 1


@pytest.mark.parametrize(("page", "per"), [(1, 0), (1, 201), (1, -1), (0, 10)])
def test_page_and_per_out_of_range_are_400(api, worker, page, per):
    response = api(worker).get("/api/v1/persons", {"page": page, "per": per})
    assert response.status_code == 400
    assert response.json()["message"]
    assert set(response.json()["errors"]) <= {"page", "per"}


def test_patch_with_the_current_version(api, worker):
    child = factories.person(worker)
    response = patch(
        api(worker), f"/api/v1/persons/{child.pk}", {"version": 1, "given_name": "Aminah"}
    )
    assert response.status_code == 200
    assert (response.json()["given_name"], response.json()["version"]) == ("Aminah", 2)


def test_patch_with_a_stale_version_is_409(api, worker):
    child = factories.person(worker)
    services.person_update(actor=worker, person=child, phone="0700 000000")
    response = patch(
        api(worker), f"/api/v1/persons/{child.pk}", {"version": 1, "given_name": "Old"}
    )
    assert response.status_code == 409
    assert "Someone else changed this record" in response.json()["message"]
    child.refresh_from_db()
    assert child.given_name == "Amina"


def test_an_invisible_person_is_404(api, worker, worker_elsewhere):
    child = factories.person(worker)
    client = api(worker_elsewhere)
    assert client.get(f"/api/v1/persons/{child.pk}").status_code == 404
    assert client.get(f"/api/v1/persons/{child.pk}").json() == {"message": "Not found."}
    response = patch(client, f"/api/v1/persons/{child.pk}", {"version": 1, "given_name": "X"})
    assert response.status_code == 404
    assert client.get("/api/v1/persons").json()["total"] == 0


def test_fields_above_the_readers_clearance_come_back_masked(api, worker, places):
    child = factories.person(
        worker,
        location=places["north_village"],
        has_disability="yes",
        disabilities=["walking"],
        phone="0700 123456",
    )
    reader = make_user("counter", None, agency=worker.agency, areas=[places["north"]])
    reader.roles.add(
        Role.objects.create(
            code="counter",
            name="Counter",
            scope="area",
            clearance=0,
            permissions=["person.view", "api.use"],
        )
    )
    body = api(reader).get(f"/api/v1/persons/{child.pk}").json()
    assert body["given_name"] is None and body["phone"] is None and body["disabilities"] is None
    assert {"given_name", "family_name", "date_of_birth", "phone", "disabilities"} <= set(
        body["masked"]
    )
    assert body["sex"] == "female" and "sex" not in body["masked"]
    assert body["identifiers"] == []


def test_the_manager_sees_names_but_not_disabilities(api, worker, manager, places):
    child = factories.person(
        worker, location=places["north_village"], has_disability="yes", disabilities=["seeing"]
    )
    body = api(manager).get(f"/api/v1/persons/{child.pk}").json()
    assert body["given_name"] == "Amina"
    assert body["disabilities"] is None and body["masked"] == ["disabilities"]
    assert api(worker).get(f"/api/v1/persons/{child.pk}").json()["disabilities"] == ["seeing"]


def test_households_members_and_relationships(api, worker):
    client = api(worker)
    mother = factories.person(worker, given_name="Rose")
    child = factories.person(worker)
    household = post(client, "/api/v1/households", {"name": "Okello family"})
    assert household.status_code == 201
    hid = household.json()["id"]
    member = post(
        client,
        f"/api/v1/households/{hid}/members",
        {"person": str(mother.pk), "relation_to_head": "head"},
    )
    assert member.status_code == 201
    second_head = post(
        client,
        f"/api/v1/households/{hid}/members",
        {"person": str(child.pk), "relation_to_head": "head"},
    )
    assert second_head.status_code == 422
    assert "relation_to_head" in second_head.json()["errors"]
    detail = client.get(f"/api/v1/households/{hid}").json()
    assert [m["given_name"] for m in detail["members"]] == ["Rose"]
    assert client.get("/api/v1/households").json()["total"] == 1

    rel = post(
        client,
        f"/api/v1/persons/{child.pk}/relationships",
        {"relative": str(mother.pk), "kind": "mother", "is_caregiver": True},
    )
    assert rel.status_code == 201
    self_rel = post(
        client,
        f"/api/v1/persons/{child.pk}/relationships",
        {"relative": str(child.pk), "kind": "sibling"},
    )
    assert self_rel.status_code == 422
    person = client.get(f"/api/v1/persons/{child.pk}").json()
    assert person["relationships"][0]["kind"] == "mother"


def test_identifiers_through_the_api(api, worker):
    a, b = factories.person(worker), factories.person(worker, given_name="Brian")
    client = api(worker)
    ok = post(
        client, f"/api/v1/persons/{a.pk}/identifiers", {"type": "national_id", "value": "CM1"}
    )
    assert ok.status_code == 201 and ok.json()["value"] == "CM1"
    dup = post(
        client, f"/api/v1/persons/{b.pk}/identifiers", {"type": "national_id", "value": "cm-1"}
    )
    assert dup.status_code == 422
    assert "Another person already has this number" in dup.json()["message"]
    types = client.get("/api/v1/identifier-types").json()
    assert "national_id" in {t["code"] for t in types}
    assert client.get("/api/v1/persons", {"q": "CM 1"}).json()["items"][0]["id"] == str(a.pk)


def test_places_and_agencies(api, worker, places):
    client = api(worker)
    locations = client.get("/api/v1/locations", {"parent": str(places["north"].pk)}).json()
    assert [loc["code"] for loc in locations["items"]] == ["N1"]
    assert client.get("/api/v1/locations", {"depth": 3}).json()["total"] == 2
    one = client.get(f"/api/v1/locations/{places['north_village'].pk}").json()
    assert one["path"] == "/N/N1/N1A/"
    assert [lv["name"] for lv in client.get("/api/v1/location-levels").json()] == [
        "Region",
        "District",
        "Sub-county",
    ]
    agencies = client.get("/api/v1/agencies").json()
    assert {a["code"] for a in agencies["items"]} == {"DSW", "CFI"}
