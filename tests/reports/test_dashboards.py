"""The dashboards (H4), the indicator pages and the records behind their numbers."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.core import clock
from hearth.web import charts
from tests.reports.casework_world import child

TODAY = dt.datetime(2026, 3, 31, 12, 0)


@pytest.fixture
def on_the_last_day():
    clock.freeze(TODAY)
    yield
    clock.freeze(None)


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="(/reports/records/\?[^"]+)"', html)]


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as seen:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(seen), response.content.decode()


PAGES = {
    "worker": "/reports/caseload/?period=2026Q1",
    "supervisor": "/reports/team/?period=2026Q1",
    "manager": "/reports/area/?period=2026Q1&level=2",
}


@pytest.mark.parametrize("who", list(PAGES))
def test_each_dashboard_renders_with_a_constant_number_of_queries(
    casework, signed_in, make_case, on_the_last_day, who, request
):
    user = request.getfixturevalue(who)
    client = signed_in(user)
    client.get(PAGES[who])  # settings and the session are read once and kept
    before, html = queries(client, PAGES[who])
    assert links(html), "every dashboard links its numbers to records"
    owner = request.getfixturevalue("worker")
    for n in range(4):
        make_case(owner, child_fields=child("female" if n % 2 else "male", 4 + n))
    after, _html = queries(client, PAGES[who])
    assert after == before


def test_the_manager_sees_headlines_trends_and_areas(casework, signed_in, manager, on_the_last_day):
    html = signed_in(manager).get(PAGES["manager"]).content.decode()
    assert 'data-indicator="cases.open"' in html
    assert 'data-indicator="care.in_formal_care"' in html
    assert "<polyline" in html  # the trends are drawn
    assert "Lake District" in html  # the table by district
    assert "Hill District" not in html  # the south is not the manager's


def test_every_number_leads_to_its_records(casework, signed_in, manager, on_the_last_day):
    client = signed_in(manager)
    html = client.get(PAGES["manager"]).content.decode()
    for url in sorted(set(links(html)))[:40]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert casework["c6"].number not in response.content.decode()


def test_the_records_behind_a_number_are_exactly_the_counted_cases(casework, signed_in, manager):
    html = (
        signed_in(manager)
        .get("/reports/records/?indicator=assessments.on_time&period=2026Q1")
        .content.decode()
    )
    numbers = set(re.findall(r"CP-\d{4}-\d{6}", html))
    assert numbers == {casework["c1"].number, casework["c3"].number}
    whole = (
        signed_in(manager)
        .get("/reports/records/?indicator=assessments.on_time&period=2026Q1&part=whole")
        .content.decode()
    )
    assert set(re.findall(r"CP-\d{4}-\d{6}", whole)) == {
        casework[k].number for k in ("c1", "c2", "c3")
    }
    by_month = (
        signed_in(manager)
        .get("/reports/records/?indicator=cases.registered&period=2026Q1&month=202603")
        .content.decode()
    )
    assert set(re.findall(r"CP-\d{4}-\d{6}", by_month)) == {
        casework["c3"].number,
        casework["c7"].number,
    }


def test_records_never_include_out_of_scope_cases(casework, signed_in, worker_elsewhere, manager):
    url = "/reports/records/?indicator=cases.registered&period=2026Q1"
    south = signed_in(worker_elsewhere).get(url).content.decode()
    assert set(re.findall(r"CP-\d{4}-\d{6}", south)) == {casework["c6"].number}
    north = signed_in(manager).get(url + "&area_1=S").content.decode()
    assert re.findall(r"CP-\d{4}-\d{6}", north) == []


def test_records_page_queries_do_not_grow_with_the_page(
    casework, signed_in, manager, make_case, worker
):
    client = signed_in(manager)
    url = "/reports/records/?indicator=cases.registered&period=2026Q1"
    client.get(url)
    before, _html = queries(client, url)
    clock.freeze(TODAY)
    try:
        for n in range(5):
            make_case(
                worker, child_fields=child("male", 6 + n), registration_date=dt.date(2026, 3, 1)
            )
    finally:
        clock.freeze(None)
    after, _html = queries(client, url)
    assert after == before


def test_deadlines_lead_to_the_cases(casework, signed_in, worker, on_the_last_day):
    # c3's follow-up was due 15 March and never done; c2's service is on a closed case.
    html = (
        signed_in(worker)
        .get(f"/reports/records/?deadline=follow_up&when=overdue&worker={worker.pk}")
        .content.decode()
    )
    assert set(re.findall(r"CP-\d{4}-\d{6}", html)) == {casework["c3"].number}


def test_indicator_pages(casework, signed_in, manager):
    client = signed_in(manager)
    listing = client.get("/reports/indicators/").content.decode()
    assert "Assessments completed on time" in listing and "care.entries" in listing
    page = client.get(
        "/reports/indicators/services.delivered/?period=2026Q1&by1=service_type"
    ).content.decode()
    assert "Health" in page and "<svg" in page
    crossed = client.get(
        "/reports/indicators/cases.open/?period=2026Q1&by1=sex&by2=risk"
    ).content.decode()
    assert "Female" in crossed and "High" in crossed
    assert client.get("/reports/indicators/no.such/").status_code == 404


def test_reports_need_report_view(casework, signed_in, clerk):
    client = signed_in(clerk)
    for url in [
        *PAGES.values(),
        "/reports/indicators/",
        "/reports/records/?indicator=cases.open&period=2026Q1",
    ]:
        assert client.get(url).status_code == 403, url


def test_chart_geometry():
    drawn = charts.bars([{"label": "A", "value": 5, "link": "/a", "limit": 4}], limit_key="limit")
    assert drawn["rows"][0]["over"] and drawn["rows"][0]["limit_x"] < drawn["rows"][0]["value_x"]
    line = charts.line([{"label": "1", "value": 1, "link": ""}, {"label": "2", "value": None,
                        "link": ""}, {"label": "3", "value": 3, "link": ""}])  # fmt: skip
    assert line["polylines"] == [] and len(line["dots"]) == 2
    assert charts.shade([1, None, 3, 2]) == [0, None, 4, 2]
    assert charts.stacked([], []) is None


def test_figures_kept_a_while_when_configured_and_never_shared(
    casework, signed_in, manager, supervisor, make_case, worker, on_the_last_day
):
    from hearth.core.models import Setting

    Setting.objects.create(key="reports.dashboard_cache_seconds", value=300)
    url = "/reports/area/?period=2026Q1"

    def open_cases(user):
        html = signed_in(user).get(url).content.decode()
        return re.search(r'data-indicator="cases.open"><span class="big">(\d+)', html)[1]

    assert open_cases(manager) == "4"
    make_case(worker, child_fields=child("male", 9))
    assert open_cases(manager) == "4"  # kept: worked out again after five minutes
    assert open_cases(supervisor) == "5"  # another viewer never gets the manager's figures
