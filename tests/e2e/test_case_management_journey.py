"""The whole case management journey in the browser (issue: case management
lifecycle): a caseworker registers a child after searching for duplicates,
assesses, plans; the supervisor approves both; a service is referred to another
agency and accepted and completed there; a follow-up visit is recorded; the
closure is approved. A screenshot of each page is kept in test-artifacts/e2e/."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from hearth.cases.models import Case
from hearth.core import clock
from tests.cases.delivery_world import build_directory
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def answer(page, path: str):
    return page.locator(f'[name="answers-{path}"]')


def fill_initial_assessment(page):
    answer(page, "situation.assessed_on").fill(clock.today().isoformat())
    answer(page, "situation.child_seen").select_option("yes")
    answer(page, "situation.summary").fill("Found working at the market during school hours.")
    answer(page, "safety.safe_now").select_option("yes")
    answer(page, "needs.immediate").fill("School fees and counselling.")
    answer(page, "risks.identified.0.risk").select_option("child_labour")
    answer(page, "risks.identified.0.likelihood").select_option("high")
    answer(page, "risks.identified.0.severity").select_option("medium")
    answer(page, "risks.risk_level").select_option("medium")
    answer(page, "views.child_consulted").select_option("yes")
    answer(page, "care.care_arrangement").select_option("parental_care")
    answer(page, "recommendation.recommendation").select_option("case_plan")
    answer(page, "recommendation.rationale").fill("Support the mother to keep her in school.")


def approve_next(boss, case_number: str, step: str):
    boss.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Approvals waiting"
    ).click()
    expect(boss.locator("table")).to_contain_text(case_number)
    boss.get_by_role("link", name="Decide").first.click()
    shot(boss, f"journey-{step}-decide")
    boss.get_by_role("button", name="Approve").click()
    expect(boss.locator(".messages")).to_contain_text("Approved")


def test_the_case_management_journey(
    page,
    browser,
    live_server,
    sign_in,
    worker,
    supervisor,
    ngo_worker,
    administrator,
    agencies,
    places,
):
    build_directory(administrator, agencies, places)
    boss = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    partner = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(boss, supervisor)
    sign_in(partner, ngo_worker)

    # 1. Register: search first (A5), then register a new child with consent (A1, B1).
    sign_in(page, worker)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New case").click()
    page.get_by_label("Given name").fill("Zawadi")
    page.get_by_label("Family name").fill("Kato")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Or age in years").fill("9")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No likely match in Hearth.")).to_be_visible()
    shot(page, "journey-01-search")
    page.get_by_role("link", name="None of these: register a new child").click()
    page.get_by_label("How the child was identified").select_option("school")
    page.get_by_label("Neglect").check()
    page.get_by_label("Child labour").check()
    page.get_by_label("Risk level").select_option("medium")
    page.get_by_label("Area where the child lives").select_option(str(places["north_village"].pk))
    page.get_by_label("Consent given").check()
    page.get_by_label("Given by").select_option("parent")
    page.get_by_label("Name of the person giving consent").fill("Rehema Kato")
    page.get_by_label("Child's assent").select_option("agrees")
    shot(page, "journey-02-register")
    page.get_by_role("button", name="Register the case").click()
    expect(page.locator(".messages")).to_contain_text("registered")
    case = Case.objects.get(child__given_name="Zawadi")
    expect(page.locator(".case-head")).to_contain_text(case.number)
    expect(page.locator(".case-head")).to_contain_text("Registered")
    shot(page, "journey-03-case")

    # 2. Assess; the supervisor approves (C2-C4).
    page.locator("#assessments").get_by_role("button", name="Start: Initial assessment").click()
    fill_initial_assessment(page)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".messages")).to_contain_text("submitted for approval")
    shot(page, "journey-04-assessment")
    approve_next(boss, case.number, "05-assessment")

    # 3. Plan; the supervisor approves (D1, C4).
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator(".case-head")).to_contain_text("Assessed")
    page.locator("#plan").get_by_role("button", name="Start the case plan").click()
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Area of need").select_option("psychosocial")
    page.get_by_label("Goal").fill("Zawadi copes with what happened at the market")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add an action").click()
    page.locator("textarea[name=description]").fill("Counselling with a partner agency")
    page.get_by_label("Or another responsible person").fill("Children First")
    page.get_by_label("Target date").fill((clock.today() + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".messages")).to_contain_text("submitted for approval")
    shot(page, "journey-06-plan")
    approve_next(boss, case.number, "07-plan")

    # 4. Consent to share, then refer to another agency (D3, B3).
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator(".case-head")).to_contain_text("Case plan approved")
    page.get_by_role("link", name="Record consent").first.click()
    page.get_by_label("Consent for").select_option("sharing")
    page.get_by_label("Consent given").check()
    page.get_by_label("Given by").select_option("parent")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Refer the case").click()
    page.get_by_label("Service needed").select_option("mental_health")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Refer to").select_option(label="Children First")
    page.get_by_label("Reason for referral").fill("Counselling after child labour.")
    shot(page, "journey-08-referral")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator("#referrals")).to_contain_text("Waiting for an answer")

    # 5. The partner agency accepts, sees the case, and later completes it.
    partner.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Referrals received"
    ).click()
    expect(partner.locator("table")).to_contain_text(case.number)
    shot(partner, "journey-09-received")
    partner.get_by_role("link", name="Accept").click()
    partner.get_by_role("button", name="Accept").click()
    expect(partner.locator(".messages")).to_contain_text("Referral accepted")
    partner.goto(f"/cases/{case.pk}/")
    expect(partner.locator(".case-head")).to_contain_text(case.number)
    partner.goto("/cases/referrals/incoming/")
    partner.get_by_role("link", name="Complete").click()
    partner.get_by_label("Feedback to the referrer").fill("Four counselling sessions held.")
    partner.get_by_role("button", name="Complete").click()
    expect(partner.locator(".messages")).to_contain_text("completed")
    # Completing closes the partner's window on the case at once (B8).
    partner.goto(f"/cases/{case.pk}/")
    expect(partner.get_by_role("heading", level=1)).to_contain_text("Not found")
    shot(partner, "journey-10-access-ended")

    # 6. A follow-up visit (E1).
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#referrals")).to_contain_text("Four counselling sessions held.")
    page.get_by_role("link", name="Schedule a visit").click()
    page.get_by_label("Purpose").fill("See how Zawadi is doing at school")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="record as done").click()
    page.get_by_label("Contact").select_option("in_person")
    page.get_by_label("The child was seen").check()
    page.get_by_label("Observations").fill("Back at school, no longer at the market.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Back at school, no longer at the market.")).to_be_visible()
    shot(page, "journey-11-visit")

    # 7. Closure, approved by the supervisor (E3).
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Reason").select_option("goals_met")
    page.get_by_label("Were the goals met?").select_option("yes")
    page.get_by_label("Care arrangement at closure").select_option(label="Parental care")
    page.get_by_label("Closing summary").fill("In school and supported by her mother.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("waiting for a supervisor's approval")).to_be_visible()
    approve_next(boss, case.number, "12-closure")
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator(".case-head")).to_contain_text("Closed")
    shot(page, "journey-13-closed")
    boss.context.close()
    partner.context.close()
