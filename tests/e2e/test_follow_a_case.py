"""A caseworker follows a case through in the browser: schedules a home visit and
records it, writes a note; the supervisor writes a supervision note; the worker
asks to close the case and the supervisor approves it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from hearth.cases.models import Case
from hearth.cases.services import registration
from hearth.core import clock
from tests.cases.case_states import put_in
from tests.cases.conftest import CONSENT
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def case(worker, places):
    case = registration.case_register(
        actor=worker,
        child_fields={
            "given_name": "Amina",
            "family_name": "Okello",
            "sex": "female",
            "date_of_birth": clock.today() - dt.timedelta(days=8 * 365),
        },
        registration_date=clock.today(),
        identified_how="school",
        concerns=["neglect"],
        risk_level="medium",
        location=places["north_village"],
        consent=dict(CONSENT),
    )
    return put_in(case, Case.Status.PLAN_APPROVED)


def test_a_case_followed_to_its_closure(
    page, browser, live_server, sign_in, case, worker, supervisor
):
    sign_in(page, worker)
    page.goto(f"/cases/{case.pk}/")

    page.get_by_role("link", name="Schedule a visit").click()
    page.get_by_label("Purpose").fill("Check school attendance")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Visit scheduled.")).to_be_visible()
    page.get_by_role("link", name="record as done").click()
    page.get_by_label("Contact").select_option("in_person")
    page.get_by_label("The child was seen").check()
    page.get_by_label("Observations").fill("Attending school, eating well.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Attending school, eating well.")).to_be_visible()
    expect(page.locator(".case-head")).to_contain_text("In implementation")

    page.get_by_role("link", name="Write a case note").click()
    page.get_by_label("Note").fill("Grandmother asks for help with school fees.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Grandmother asks for help with school fees.")).to_be_visible()

    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Reason").select_option("goals_met")
    page.get_by_label("Were the goals met?").select_option("yes")
    page.get_by_label("Care arrangement at closure").select_option(label="Kinship care")
    page.get_by_label("Closing summary").fill("Safe with her grandmother.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("waiting for a supervisor's approval")).to_be_visible()
    shot(page, "follow-a-case-worker")

    boss = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(boss, supervisor)
    boss.goto(f"/cases/{case.pk}/")
    boss.get_by_role("link", name="Write a supervision note").click()
    boss.get_by_label("Note").fill("Good work; keep the school in the loop.")
    boss.get_by_role("button", name="Save").click()
    boss.get_by_role("link", name="Decide").click()
    boss.get_by_label("Approve: close the case").check()
    boss.get_by_role("button", name="Save").click()
    expect(boss.locator(".case-head")).to_contain_text("Closed")
    expect(boss.get_by_role("link", name="Reopen the case")).to_be_visible()
    shot(boss, "follow-a-case-closed")
    boss.context.close()
