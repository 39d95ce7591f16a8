"""A caseworker exports their cases and downloads the file and a case file; a
supervisor opens the data quality report and follows a number to its cases."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hearth.access.sensitivity import MASK
from hearth.cases.services import registration
from hearth.core import clock
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def cases(worker, places, settings, tmp_path):
    """Two of the worker's cases: Amina's, with consent to share, and Baraka's."""
    settings.MEDIA_ROOT = tmp_path / "files"

    def register(given_name, sex, born):
        return registration.case_register(
            actor=worker,
            child_fields={"given_name": given_name, "sex": sex, "date_of_birth": born},
            registration_date=clock.today(),
            identified_how="community",
            concerns=["neglect"],
            risk_level="medium",
            location=places["north_village"],
            consent={"given": True, "given_by": "parent"},
        )

    shared = register("Amina", "female", dt.date(2015, 3, 1))
    registration.consent_record(
        actor=worker, case=shared, kind="sharing", given=True, given_by="parent"
    )
    return shared, register("Baraka", "male", dt.date(2016, 5, 1))


def test_a_caseworker_exports_cases_and_a_case_file(page, sign_in, worker, cases):
    shared, unshared = cases
    sign_in(page, worker)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    page.get_by_role("link", name="Export case records").click()
    expect(page.get_by_label("Given name")).to_be_checked()
    page.get_by_label("Excel workbook (XLSX)").check()
    page.get_by_label("CSV (spreadsheets, any program)").check()
    shot(page, "exports-01-form")

    page.get_by_role("button", name="Make the export").click()
    expect(page.locator("#export-progress")).to_contain_text("Ready to download")
    expect(page.locator("#export-progress")).to_contain_text("2 of 2 rows")
    shot(page, "exports-02-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert shared.number in text and unshared.number in text
    assert "Amina" in text and "Baraka" not in text and MASK in text

    page.goto(f"/cases/{shared.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the case file (PDF)").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename == f"{shared.number}-case-file.pdf"


def test_a_supervisor_follows_a_gap_to_its_cases(page, sign_in, supervisor, cases):
    sign_in(page, supervisor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Data quality").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data quality")
    shot(page, "quality-01-report")
    caregivers = page.get_by_role("row", name="A caregiver recorded")
    caregivers.get_by_role("link", name="2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Missing: A caregiver recorded")
    for case in cases:
        expect(page.get_by_role("link", name=case.number)).to_be_visible()
    shot(page, "quality-02-cases")
