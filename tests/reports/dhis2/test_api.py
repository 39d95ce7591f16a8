"""/api/v1/dhis2: the data value set, sending, and the history."""

from hearth.reports.models import Dhis2Submission
from tests.reports.dhis2.test_push import CONFLICT_409


def test_data_value_set_for_a_period(api, national, registered):
    body = api(national).get("/api/v1/dhis2/data-value-sets?period=202602").json()
    assert body == {
        "dataValues": [
            {"dataElement": "deRegister1", "period": "202602", "orgUnit": "ouNorth0001",
             "categoryOptionCombo": "HllvX50cXC0", "value": "1"},
            {"dataElement": "deRegister1", "period": "202602", "orgUnit": "ouSouth0001",
             "categoryOptionCombo": "HllvX50cXC0", "value": "1"},
        ]
    }  # fmt: skip
    quarter = api(national).get("/api/v1/dhis2/data-value-sets?period=2026Q1").json()
    assert {v["period"] for v in quarter["dataValues"]} == {"2026Q1"}


def test_bad_period_is_refused(api, national):
    response = api(national).get("/api/v1/dhis2/data-value-sets?period=2026-02")
    assert response.status_code == 400
    assert "202611" in response.json()["message"]


def test_warnings(api, national, registered, places):
    from hearth.reports.dhis2 import services
    from hearth.reports.models import OrgUnitMapping

    south = OrgUnitMapping.objects.get(location=places["south"])
    services.org_unit_mapping_void(actor=national, mapping_row=south, reason="Merged")
    body = api(national).get("/api/v1/dhis2/data-value-sets/warnings?period=202602").json()
    assert body["values"] == 1
    assert any("South (S)" in w for w in body["warnings"])


def test_push_and_history(api, national, registered, fake_dhis2):
    from hearth.reports.dhis2 import services

    services.server_configure(actor=national, base_url=fake_dhis2.url, username="hearth",
                              secret="pw")  # fmt: skip
    fake_dhis2.answers.append((409, CONFLICT_409))
    client = api(national)
    created = client.post("/api/v1/dhis2/submissions", {"period": "202602"},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "warning" and body["http_status"] == 409
    assert body["import_count"] == {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0}
    assert body["conflicts"][0]["error_code"] == "E7612"

    listed = client.get("/api/v1/dhis2/submissions?per=10").json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == body["id"]
    one = client.get(f"/api/v1/dhis2/submissions/{body['id']}").json()
    assert one["payload"]["dataValues"]
    assert Dhis2Submission.objects.count() == 1


def test_only_dhis2_managers(api, worker, national, registered):
    client = api(worker)
    assert client.get("/api/v1/dhis2/data-value-sets?period=202602").status_code == 403
    assert client.get("/api/v1/dhis2/submissions").status_code == 403
    response = client.post("/api/v1/dhis2/submissions", {"period": "202602"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 403
    assert not Dhis2Submission.objects.exists()
