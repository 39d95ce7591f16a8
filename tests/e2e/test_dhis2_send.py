"""A national reporter sets up the DHIS2 server, previews a month's data value set
with its warnings, and sends it to a (fake) DHIS2, seeing the import summary."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot
from tests.reports.dhis2.conftest import (  # noqa: F401  fixtures
    case,
    fake_dhis2,
    make_case,
    national,
    org_units,
    registered,
)
from tests.reports.dhis2.test_push import CONFLICT_409

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_national_reporter_sends_a_month_to_dhis2(
    page,
    sign_in,
    national,  # noqa: F811  the fixtures imported above
    registered,  # noqa: F811
    fake_dhis2,  # noqa: F811
):
    sign_in(page, national)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="DHIS2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DHIS2 data value sets")
    shot(page, "dhis2-01-overview")

    page.get_by_role("link", name="Server").first.click()
    page.get_by_label("Address").fill(fake_dhis2.url)
    page.get_by_label("User name").fill("hearth")
    page.get_by_label("Password or token").fill("a-long-dhis2-password")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DHIS2 data value sets")

    page.get_by_role("link", name="Prepare a period").click()
    page.get_by_label("Period").fill("202602")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="202602: 2 values")).to_be_visible()
    expect(page.locator("table")).to_contain_text("ouSouth0001")
    shot(page, "dhis2-02-preview")

    fake_dhis2.answers.append((409, CONFLICT_409))
    page.get_by_role("button", name="Send 202602 to DHIS2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DHIS2 submission for 202602")
    expect(page.locator("dl")).to_contain_text("Imported with warnings")
    expect(page.locator("table")).to_contain_text("E7612")
    shot(page, "dhis2-03-result")
    assert fake_dhis2.received[0]["body"]["dataValues"]
