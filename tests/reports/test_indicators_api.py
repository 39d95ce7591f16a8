"""/api/v1/indicators: the registry and the numbers, the same as the dashboards."""

from tests.api.conftest import api  # noqa: F401  the token client


def test_the_registry(api, manager):  # noqa: F811
    body = api(manager).get("/api/v1/indicators?per=200").json()
    codes = {i["code"] for i in body["items"]}
    assert {"cases.open", "assessments.on_time", "care.entries"} <= codes
    assert body["total"] == len(body["items"])
    on_time = next(i for i in body["items"] if i["code"] == "assessments.on_time")
    assert on_time["unit"] == "percent" and on_time["source"] == "H3" and on_time["denominator"]
    assert "sex" in on_time["dimensions"]


def test_an_indicator_broken_down_and_filtered(api, casework, manager):  # noqa: F811
    client = api(manager)
    body = client.get("/api/v1/indicators/cases.open?period=2026Q1&by=risk").json()
    assert body["total"]["value"] == 4
    assert {r["keys"]["risk"]: r["value"] for r in body["rows"]} == {
        "high": 2, "medium": 1, "low": 1,
    }  # fmt: skip
    crossed = client.get(
        "/api/v1/indicators/cases.registered?period=2026Q1&by=sex&by=age_band&by=area_1"
    ).json()
    assert sum(r["value"] for r in crossed["rows"]) == crossed["total"]["value"] == 5
    girls = client.get("/api/v1/indicators/assessments.on_time?period=2026Q1&sex=female").json()
    assert (girls["total"]["numerator"], girls["total"]["denominator"]) == (1, 2)
    months = client.get("/api/v1/indicators/cases.registered?period=2026Q1&by=month").json()
    assert {r["keys"]["month"]: r["value"] for r in months["rows"]} == {
        "202601": 1, "202602": 2, "202603": 2,
    }  # fmt: skip


def test_out_of_scope_and_bad_requests(api, casework, worker_elsewhere, clerk):  # noqa: F811
    south = api(worker_elsewhere).get("/api/v1/indicators/cases.registered?period=2026Q1").json()
    assert south["total"]["value"] == 1
    client = api(worker_elsewhere)
    assert client.get("/api/v1/indicators/cases.open?period=soon").status_code == 400
    assert client.get("/api/v1/indicators/cases.open?period=2026&by=care_type").status_code == 400
    assert client.get("/api/v1/indicators/none?period=2026").status_code == 404
    assert api(clerk).get("/api/v1/indicators").status_code == 403
