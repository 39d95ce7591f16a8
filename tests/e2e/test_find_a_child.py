"""A caseworker signs in, finds a child by name as they type, opens the record and
sees the household and caregivers; then finds the same child by an identifier."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from hearth.registry import services
from tests import factories
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def family(worker, places):
    """What the demo gives a caseworker: a child, a mother who cares for her, a household."""
    area = places["north_village"]
    mother = factories.person(
        worker, given_name="Ingrid", family_name="Müller", date_of_birth=dt.date(1988, 2, 3),
        location=area,
    )  # fmt: skip
    child = factories.person(
        worker,
        given_name="Zoë",
        family_name="Müller",
        location=area,
        identifiers=[{"type": "birth_registration", "value": "BR-2019-00042"}],
    )
    factories.person(worker, given_name="Zola", family_name="Okello", location=area)
    household = factories.household(worker, name="Müller family", location=area)
    services.household_member_add(
        actor=worker, household=household, person=mother, relation_to_head="head",
        is_primary_caregiver=True,
    )  # fmt: skip
    services.household_member_add(
        actor=worker, household=household, person=child, relation_to_head="child"
    )
    services.relationship_add(
        actor=worker, person=child, relative=mother, kind="mother", is_caregiver=True,
        lives_with=True,
    )  # fmt: skip
    return child


def test_a_caseworker_finds_a_child_and_sees_the_family(page, sign_in, worker, family):
    sign_in(page, worker)
    shot(page, "01-start")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    search = page.get_by_placeholder("Name or identifier number")
    results = page.locator("#results")
    expect(results).to_contain_text("Zola")

    # Live search: results change as the worker types, without submitting the form.
    with page.expect_request(lambda r: "q=zoe" in r.url and r.headers.get("hx-request")):
        search.press_sequentially("zoe mul", delay=20)
    expect(results.get_by_role("link", name="Zoë Müller")).to_be_visible()
    expect(results).not_to_contain_text("Zola")
    shot(page, "02-live-search")

    results.get_by_role("link", name="Zoë Müller").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoë Müller")
    households = page.locator("section", has=page.get_by_role("heading", name="Households"))
    expect(households).to_contain_text("Müller family")
    caregivers = page.locator("section", has=page.get_by_role("heading", name="Caregivers"))
    expect(caregivers).to_contain_text("Ingrid Müller")
    expect(caregivers).to_contain_text("Mother")
    identifiers = page.locator("section", has=page.get_by_role("heading", name="Identifiers"))
    expect(identifiers).to_contain_text("BR-2019-00042")
    shot(page, "03-child")

    households.get_by_role("link", name="Müller family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Müller family")
    expect(page.locator("table")).to_contain_text("Head of household")
    shot(page, "04-household")

    # The same child by the number on the birth certificate, typed loosely.
    page.goto("/registry/people/")
    page.get_by_placeholder("Name or identifier number").press_sequentially(
        "br 2019 00042", delay=20
    )
    expect(page.locator("#results").get_by_role("link", name="Zoë Müller")).to_be_visible()
    expect(page.locator("#results")).not_to_contain_text("Zola")
    shot(page, "05-by-identifier")


def test_sign_in_is_refused_with_a_wrong_password(page, worker):
    page.goto("/registry/people/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/registry/people/$"))
    page.get_by_label("Username").fill("worker")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
