"""A supervisor builds a report (measure, period, rows, columns: the page narrows
its choices as they go), sees the cross-table, saves it, and opens it again."""

import pytest
from playwright.sync_api import expect

from tests.cases.conftest import make_case  # noqa: F401  the case factory
from tests.e2e.conftest import shot
from tests.reports.builder.conftest import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def world(make_case, worker, worker_elsewhere, places):  # noqa: F811 - the fixture above
    return build_world(make_case, worker, worker_elsewhere, places)


def test_a_supervisor_builds_and_saves_a_report(page, sign_in, supervisor, world):
    sign_in(page, supervisor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Report builder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved reports")
    page.get_by_role("link", name="New report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report builder")

    page.get_by_label("Measure").select_option(label="Number of cases")
    expect(page.get_by_label("Rows")).to_be_visible()  # offered once a measure is chosen
    period = page.get_by_label("Period", exact=True)
    period.fill("2026Q1")
    period.press("Tab")
    expect(page.locator("caption")).to_contain_text("Number of cases · 2026Q1")
    page.get_by_label("Rows").select_option(label="Sex")
    expect(page.get_by_role("rowheader", name="Female")).to_be_visible()
    page.get_by_label("Columns").select_option(label="Risk level")
    expect(page.get_by_role("columnheader", name="Medium")).to_be_visible()
    female = page.get_by_role("row", name="Female")
    expect(female.get_by_role("link")).to_have_text(["2", "1", "0", "3"])
    expect(female.get_by_role("link").first).to_have_attribute(
        "href",
        "/reports/records/?indicator=records.cases&period=2026Q1&sex=female&risk=high",
    )
    shot(page, "builder-01-preview")

    page.get_by_label("Title").fill("Q1 cases by sex and risk")
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Q1 cases by sex and risk")
    expect(page.locator("tfoot tr").get_by_role("link").last).to_have_text("5")
    shot(page, "builder-02-saved")

    page.get_by_role("link", name="Saved reports").first.click()
    expect(page.get_by_role("link", name="Q1 cases by sex and risk")).to_be_visible()
