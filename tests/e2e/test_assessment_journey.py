"""A caseworker assesses a child in the browser: starts the initial assessment from
the case page, adds a row to the risks table, sees what is missing next to each
question, submits; the supervisor approves it from "Approvals waiting"."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from hearth.cases.services import registration
from hearth.core import clock
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def case(worker, places):
    return registration.case_register(
        actor=worker,
        child_fields={
            "given_name": "Amina",
            "family_name": "Okello",
            "sex": "female",
            "date_of_birth": clock.today() - dt.timedelta(days=8 * 365),
        },
        registration_date=clock.today(),
        identified_how="community",
        concerns=["neglect"],
        risk_level="high",
        location=places["north_village"],
        consent={"given": True, "given_by": "parent", "child_assent": "agrees"},
    )


def answer(page, path: str):
    return page.locator(f'[name="answers-{path}"]')


def test_a_caseworker_assesses_and_the_supervisor_approves(
    page, browser, live_server, sign_in, worker, supervisor, case
):
    sign_in(page, worker)
    page.goto(f"/cases/{case.pk}/")
    section = page.locator("#assessments")
    expect(section).to_contain_text("Assessment due")
    section.get_by_role("button", name="Start: Initial assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Initial assessment")

    answer(page, "situation.assessed_on").fill(clock.today().isoformat())
    answer(page, "situation.child_seen").select_option("yes")
    answer(page, "risks.identified.0.risk").select_option("neglect")
    page.get_by_role("button", name="Add a row").click()
    expect(answer(page, "risks.identified.1.risk")).to_be_visible()
    expect(answer(page, "situation.child_seen")).to_have_value("yes")  # kept

    answer(page, "risks.identified.1.risk").select_option("child_labour")
    page.get_by_role("button", name="Submit").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("What happened, as reported")
    expect(page.locator('[id="group-answers-risks.identified"]')).to_contain_text(
        "Answer this question."
    )
    shot(page, "assessment-01-missing")

    answer(page, "situation.summary").fill("A neighbour reported the child alone at home.")
    answer(page, "safety.safe_now").select_option("yes")
    answer(page, "needs.immediate").fill("Food, and an adult at night.")
    for row, (likelihood, severity) in enumerate([("high", "medium"), ("low", "low")]):
        answer(page, f"risks.identified.{row}.likelihood").select_option(likelihood)
        answer(page, f"risks.identified.{row}.severity").select_option(severity)
    answer(page, "risks.risk_level").select_option("high")
    answer(page, "views.child_consulted").select_option("yes")
    answer(page, "care.care_arrangement").select_option("kinship_care")
    answer(page, "recommendation.recommendation").select_option("case_plan")
    answer(page, "recommendation.rationale").fill("Support the grandmother.")
    page.get_by_label("Note to the supervisor").fill("Please look today.")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".messages")).to_contain_text("submitted for approval")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waiting for approval")
    shot(page, "assessment-02-submitted")

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    boss = context.new_page()
    try:
        sign_in(boss, supervisor)
        boss.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Approvals waiting"
        ).click()
        expect(boss.locator("table")).to_contain_text(case.number)
        boss.get_by_role("link", name="Decide").click()
        expect(boss.locator("main")).to_contain_text("Please look today.")
        boss.get_by_role("button", name="Approve").click()
        expect(boss.locator(".messages")).to_contain_text("Approved")
        boss.goto(f"/cases/{case.pk}/")
        expect(boss.locator(".case-head")).to_contain_text("Assessed")
        expect(boss.locator("#approvals")).to_contain_text("Approved")
        expect(boss.locator("#plan")).to_contain_text("Case plan due")
        shot(boss, "assessment-03-approved")
    finally:
        context.close()


def test_a_caseworker_writes_and_submits_the_case_plan(page, sign_in, worker, supervisor, case):
    from tests.cases.planning import assessed

    assessed(case, worker, supervisor)
    sign_in(page, worker)
    page.goto(f"/cases/{case.pk}/")
    page.locator("#plan").get_by_role("button", name="Start the case plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case plan 1")

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Area of need").select_option("education")
    page.get_by_label("Goal").fill("Back at school by the new term")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".goal")).to_contain_text("Back at school by the new term")

    page.get_by_role("link", name="Add an action").click()
    page.locator("textarea[name=description]").fill("Pay the school fees")
    page.get_by_label("Or another responsible person").fill("The grandmother")
    page.get_by_label("Target date").fill((clock.today() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".goal")).to_contain_text("Pay the school fees")
    shot(page, "plan-01-draft")

    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".messages")).to_contain_text("submitted for approval")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waiting for approval")
    shot(page, "plan-02-submitted")
