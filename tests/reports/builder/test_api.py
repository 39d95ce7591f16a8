"""/api/v1/reports: the same rules and numbers as the pages."""

import pytest

from hearth.accounts import tokens
from hearth.accounts.models import Role
from hearth.reports.builder import services
from hearth.reports.models import SavedReport

BODY = {"title": "Q1 by sex and risk", "indicator": "records.cases", "rows": "sex",
        "columns": "risk", "period": "2026Q1"}  # fmt: skip


@pytest.fixture
def api(client):
    def as_user(user):
        _, raw = tokens.token_create(actor=user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_user


def test_save_list_and_read_the_result(world, api, supervisor):
    client = api(supervisor)
    made = client.post("/api/v1/reports", BODY, content_type="application/json")
    assert made.status_code == 201, made.content
    report_id = made.json()["id"]
    listing = client.get("/api/v1/reports").json()
    assert listing["total"] == 1 and listing["items"][0]["mine"] is True
    result = client.get(f"/api/v1/reports/{report_id}/result").json()
    assert [r["key"] for r in result["rows"]] == ["female", "male"]
    assert [c["key"] for c in result["columns"]] == ["high", "low", "medium"]
    assert [[c["value"] for c in row] for row in result["cells"]] == [[2, 1, 0], [0, 0, 2]]
    assert [c["value"] for c in result["row_totals"]] == [3, 2]
    assert [c["value"] for c in result["column_totals"]] == [2, 1, 2]
    assert result["total"]["value"] == 5
    assert result["total"]["records"].startswith("/reports/records/?indicator=records.cases")


def test_bad_input_is_a_422_with_the_field_and_nothing_saved(world, api, supervisor):
    answer = api(supervisor).post(
        "/api/v1/reports", {**BODY, "rows": "care_type"}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert "cannot be broken down by Care type" in answer.json()["errors"]["rows"][0]
    assert not SavedReport.objects.exists()


def test_a_caseworker_may_read_a_shared_report_with_their_numbers_but_not_save(
    world, api, supervisor, worker_elsewhere
):
    report = services.saved_report_create(actor=supervisor, **BODY)
    services.saved_report_share(
        actor=supervisor, report=report, roles=[Role.objects.get(code="caseworker")]
    )
    client = api(worker_elsewhere)
    assert client.post("/api/v1/reports", BODY, content_type="application/json").status_code == 403
    result = client.get(f"/api/v1/reports/{report.pk}/result").json()
    assert result["total"]["value"] == 1
    assert [[c["value"] for c in row] for row in result["cells"]] == [[1]]
    bad = client.get(f"/api/v1/reports/{report.pk}/result", {"period": "2026Q5"})
    assert bad.status_code == 422 and "Write the period as" in bad.json()["message"]


def test_a_report_not_shared_is_not_found(world, api, supervisor, manager):
    report = services.saved_report_create(actor=supervisor, **BODY)
    client = api(manager)
    assert client.get(f"/api/v1/reports/{report.pk}").status_code == 404
    assert client.get(f"/api/v1/reports/{report.pk}/result").status_code == 404
    assert client.get("/api/v1/reports").json()["total"] == 0


def test_the_list_takes_the_same_queries_at_two_page_sizes(world, api, supervisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(6):
        services.saved_report_create(actor=supervisor, **{**BODY, "title": f"Report {n}"})
    client = api(supervisor)

    def count(per):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get("/api/v1/reports", {"per": per})
        assert answer.status_code == 200 and len(answer.json()["items"]) == per
        return len(queries)

    count(1)  # warm: the token's first use
    assert count(1) == count(5)
