"""The worker opens My tasks and follows an overdue task to its case; the
supervisor opens the team view and follows an overdue number to the cases behind it."""

import pytest
from playwright.sync_api import expect

from hearth.cases.models import Case
from tests.cases.task_world import put, service
from tests.e2e.conftest import shot
from tests.e2e.test_follow_a_case import case  # noqa: F401  the same case fixture

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_my_tasks_to_the_case_and_the_team_view(page, sign_in, case, worker, supervisor):  # noqa: F811
    put(case, status=Case.Status.IN_IMPLEMENTATION)
    service(case, -2)

    sign_in(page, worker)
    expect(page.locator("section", has_text="My tasks")).to_contain_text("1 overdue")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My tasks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    row = page.locator("table.tasks tbody tr").first
    expect(row).to_contain_text("overdue")
    expect(row).to_contain_text(case.number)
    shot(page, "my-tasks")
    row.get_by_role("link", name=f"(case {case.number})").click()
    expect(page.locator(".case-head")).to_contain_text(case.number)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, supervisor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    worker_row = page.locator("table.team tbody tr", has_text="Worker")
    shot(page, "team-view")
    worker_row.locator("a.badge.overdue").first.click()
    expect(page.get_by_text("Only cases with something overdue.")).to_be_visible()
    expect(page.locator("#case-rows")).to_contain_text(case.number)
