"""The three dashboards in a browser: the caseworker, the supervisor and the manager
each open theirs and follow a number through to the cases behind it."""

import re

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests.cases.conftest import make_case  # noqa: F401  the case factory
from tests.e2e.conftest import shot
from tests.reports.casework_world import casework  # noqa: F401  the hand-built quarter

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def case_numbers(page) -> set[str]:
    page.locator("#records").wait_for()
    return set(re.findall(r"CP-\d{4}-\d{6}", page.locator("#records").inner_text()))


def test_a_caseworker_follows_their_caseload_to_the_cases(page, sign_in, worker, casework):  # noqa: F811
    sign_in(page, worker)
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_role("link", name="My caseload").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    expect(page.locator("#caseload svg")).to_be_visible()
    shot(page, "dashboard-worker")
    # Open now: c1, c3 and c5 (c2 and c4 were closed in March).
    page.locator("#caseload h2 .count a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Open cases")
    assert case_numbers(page) == {casework[k].number for k in ("c1", "c3", "c5")}
    page.get_by_role("link", name=casework["c3"].number).click()
    expect(page).to_have_url(re.compile(rf"/cases/{casework['c3'].pk}/"))


def test_a_supervisor_follows_a_caseload_to_the_cases(
    page,
    sign_in,
    supervisor,
    worker,
    casework,  # noqa: F811
):
    sign_in(page, supervisor)
    page.goto("/reports/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My team")
    expect(page.locator("#caseloads svg")).to_be_visible()
    shot(page, "dashboard-supervisor")
    row = page.locator("#caseloads tbody tr", has_text=worker.get_full_name() or worker.username)
    row.get_by_role("link").first.click()
    assert case_numbers(page) == {casework[k].number for k in ("c1", "c3", "c5")}


def test_a_manager_follows_an_indicator_to_the_cases(page, manager, casework, client, signed_in):  # noqa: F811
    # Managers sign in with a second factor: take the session of a signed-in client.
    session = signed_in(manager).cookies[django_settings.SESSION_COOKIE_NAME].value
    cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": session}
    page.context.add_cookies([{**cookie, "domain": "localhost", "path": "/"}])
    page.goto("/reports/area/")
    page.locator("select[name=kind]").select_option("quarter")  # the page reloads
    expect(page.locator("select[name=period] option").first).to_have_text(re.compile("Q"))
    page.locator("select[name=period]").select_option("2026Q1")
    page.get_by_role("button", name="Show").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026Q1")
    expect(page.locator("#trends svg").first).to_be_visible()
    shot(page, "dashboard-manager")
    page.locator('[data-indicator="assessments.on_time"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessments completed on time")
    assert case_numbers(page) == {casework["c1"].number, casework["c3"].number}
    page.go_back()
    page.locator("#by-area table a").first.click()
    assert casework["c6"].number not in case_numbers(page)
