"""A caseworker takes a child through alternative care and home again: a
gatekeeping decision, an emergency foster placement, the placement review, a
reintegration plan with the family assessed on the configured form, the return
home, the post-return visits, and the case closed with the child in parental care.
Time moves on between the steps (the clock is shared with the live server), as it
would over four months of casework."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from hearth.care.services import providers
from hearth.cases.services import registration
from hearth.core import clock
from tests import factories
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

START = dt.datetime(2026, 2, 2, 9, 0)


def at(days: int) -> None:
    clock.freeze(START + dt.timedelta(days=days))


@pytest.fixture
def world(worker, manager, places):
    """Amina's case, and an approved foster family in her area."""
    at(0)
    area = places["north_village"]
    case = registration.case_register(
        actor=worker,
        child_fields={
            "given_name": "Amina",
            "family_name": "Okello",
            "sex": "female",
            "date_of_birth": dt.date(2017, 5, 4),
        },
        registration_date=clock.today(),
        identified_how="school",
        concerns=["neglect"],
        risk_level="high",
        location=area,
        consent={"given": True, "given_by": "parent", "given_by_name": "Mercy Okello"},
    )
    household = factories.household(worker, name="Nakato foster family", location=area)
    carer = providers.foster_carer_create(
        actor=manager,
        household=household,
        approval_number="FC-12",
        approved_on=dt.date(2025, 1, 10),
        approval_expires_on=dt.date(2027, 1, 10),
        capacity=2,
        location=area,
    )
    yield case, carer
    clock.freeze(None)


def test_a_child_goes_through_foster_care_and_home_again(
    page, browser, live_server, sign_in, worker, supervisor, world
):
    case, carer = world
    sign_in(page, worker)
    page.goto(f"/cases/{case.pk}/")
    care = page.locator("#care")
    expect(care).to_contain_text("No care arrangement recorded yet.")

    # 1. Gatekeeping: family-based options first, then the decision.
    care.get_by_role("link", name="Record a gatekeeping decision").click()
    page.get_by_label("Decided by").select_option("panel")
    page.get_by_label("Name of the panel, court or officer").fill("Lake District panel")
    page.get_by_label("Option 1 considered").select_option("kinship")
    page.get_by_label("Option 2 considered").select_option("foster")
    page.get_by_label(re.compile(r"^Decision\b")).select_option("place")
    page.get_by_label("Recommended care").select_option(label="Foster care")
    page.get_by_label("Rationale").fill(
        "The grandmother cannot care for her now; foster care nearby."
    )
    page.get_by_label("The child was consulted").check()
    page.get_by_label("The child's views").fill("Wants to keep going to her school.")
    page.get_by_label("The parents were consulted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Gatekeeping decision recorded.")
    shot(page, "care-01-gatekeeping")

    # 2. Emergency foster care, the same day.
    page.locator("#care").get_by_role("link", name="Record a care arrangement").click()
    page.get_by_label("Care type").select_option(label="Foster care")
    page.get_by_label("Formal care").check()
    page.get_by_label("Emergency placement").check()
    page.get_by_label("Foster carer").select_option(str(carer.pk))
    page.get_by_label("Legal basis").select_option("administrative")
    page.get_by_label("Abuse or violence at home").check()
    page.get_by_label("Decided by").fill("Lake District panel")
    page.get_by_role("button", name="Save").click()
    care = page.locator("#care")
    expect(care).to_contain_text("Now: Foster care · Nakato foster family")
    expect(care.locator("svg rect.tl-family_based")).to_have_count(1)
    expect(care).to_contain_text("Place the child in alternative care")
    shot(page, "care-02-placed")

    # 3. Eighty days later, the placement review decides to prepare reintegration.
    at(80)
    page.reload()
    page.locator("#care").get_by_role("link", name="Review the placement").click()
    page.get_by_label("Participants").fill("Amina, foster mother, caseworker, mother")
    page.get_by_label("The child took part").check()
    page.get_by_label("The child's views").fill("Wants to go home now that her mother is well.")
    page.get_by_label(re.compile(r"^Decision\b")).select_option("reintegrate")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("make the reintegration plan")
    expect(page.get_by_role("table").first).to_contain_text("Prepare reintegration with the family")
    shot(page, "care-03-reviewed")

    # 4. The reintegration plan, the family assessment and an agreed task.
    at(85)
    page.goto(f"/cases/{case.pk}/")
    page.locator("#reintegration").get_by_role("link", name="Start a reintegration plan").click()
    page.get_by_label("Family the child returns to").fill("Mother, Mercy Okello")
    page.get_by_label("The plan").fill("Return home with school support.")
    page.get_by_role("button", name="Save").click()
    section = page.locator("#reintegration")
    expect(section).to_contain_text("Preparing the return")
    section.get_by_role("link", name="Assess the family").click()
    page.get_by_label("Date of the home visit").fill(clock.today().isoformat())
    page.get_by_label(re.compile(r"^Name\b")).fill("Mercy Okello")
    page.get_by_label("Relationship to the child").select_option("mother")
    page.get_by_label("Why the child was separated from this family").fill("Mother in hospital.")
    page.get_by_label("Have the causes of the separation been addressed?").select_option("yes")
    page.get_by_label("Protective factors and strengths").fill("Grandmother next door.")
    page.get_by_label("Income and livelihood").select_option("some_concern")
    page.get_by_label("Housing").select_option("no_concern")
    page.get_by_label("Caregivers' health").select_option("no_concern")
    page.get_by_label("Does the family want the child to return?").select_option("yes")
    page.get_by_label("The child's wishes about returning").fill("Wants to go home.")
    page.get_by_label("Recommendation").select_option("with_support")
    page.get_by_role("button", name="Save the assessment").click()
    section = page.locator("#reintegration")
    expect(section).to_contain_text("The child can return with support")
    section.get_by_role("link", name="Add an agreed task").click()
    page.get_by_label("Who").fill("Caseworker")
    page.get_by_label("What").fill("Pay the school fees for the year")
    page.get_by_label("By when").fill((clock.today() + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.locator("#reintegration").get_by_role("button", name="mark done").click()
    expect(page.locator("#reintegration")).not_to_contain_text("mark done")
    shot(page, "care-04-plan")

    # 5. The return home, a hundred days after the placement.
    at(100)
    page.reload()
    page.locator("#reintegration").get_by_role("link", name="Record the return home").click()
    page.get_by_label("The child now lives in").select_option("parental")
    page.get_by_label("Decided by").fill("Caseworker and supervisor")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("follow-up visits are scheduled")
    care = page.locator("#care")
    expect(care).to_contain_text("Now: Parental care")
    expect(care).to_contain_text(
        "Reintegration with the family"
    )  # the foster placement's discharge
    visits = page.locator("#reintegration table").nth(1)
    expect(visits.locator("tbody tr")).to_have_count(5)
    shot(page, "care-05-home")

    # 6. The first visit is a day late when it is made; then the second.
    at(115)
    page.reload()
    visits = page.locator("#reintegration table").nth(1)
    expect(visits.locator("tbody tr").first).to_contain_text("overdue")
    for day, row in ((115, 0), (133, 1)):
        at(day)
        page.reload()
        page.locator("#reintegration table").nth(1).locator("tbody tr").nth(row).get_by_role(
            "link", name="Record the visit"
        ).click()
        page.get_by_label(re.compile(r"^Contact\b")).select_option("in_person")
        page.get_by_label("The child was seen").check()
        page.get_by_label("Observations").fill("At home with her mother; back at school.")
        page.get_by_label("Does the child still live with the family?").select_option("true")
        page.get_by_label("How is the child?").select_option("well")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text("Visit recorded.")
    visits = page.locator("#reintegration table").nth(1)
    expect(visits.locator("tbody tr").nth(0)).to_contain_text("Doing well")
    expect(visits.locator("tbody tr").nth(1)).to_contain_text("Doing well")
    expect(visits.locator("tbody tr").nth(2)).to_contain_text("Record the visit")
    expect(page.locator("#care")).to_contain_text("Now: Parental care")
    shot(page, "care-06-visits")

    # 7. The case closes with the child in parental care; the supervisor approves.
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Reason").select_option("goals_met")
    page.get_by_label("Were the goals met?").select_option("yes")
    page.get_by_label("Care arrangement at closure").select_option(label="Parental care")
    page.get_by_label("Closing summary").fill("Home with her mother, at school, doing well.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("waiting for a supervisor's approval")).to_be_visible()
    boss = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(boss, supervisor)
    boss.goto(f"/cases/{case.pk}/")
    boss.get_by_role("link", name="Decide").click()
    boss.get_by_label("Approve: close the case").check()
    boss.get_by_role("button", name="Save").click()
    expect(boss.locator(".case-head")).to_contain_text("Closed")
    expect(boss.locator("#care")).to_contain_text("Now: Parental care")
    shot(boss, "care-07-closed")
    boss.context.close()
