"""Exports contain only what the exporter may see (B7), masked by the same rules as
pages and the API (B5), with identifying fields only under export.identifiable
and the case's consent to share, or a recorded override."""

import datetime as dt

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from hearth.access.models import FieldSensitivity
from hearth.access.sensitivity import MASK, forget_overrides
from hearth.cases.models import Case, ConsentRecord
from hearth.cases.services import registration
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from hearth.reports.exports.rows import standing_consents
from tests.reports.exports.helpers import (
    by_number,
    csv_rows,
    file_of,
    role,
    share_consent,
)


@pytest.fixture
def two_cases(make_case, worker):
    """Two cases of the worker's: Amina's with consent to share, Baraka's without."""
    shared = make_case(worker, summary="Neighbours heard shouting at night")
    share_consent(worker, shared)
    unshared = make_case(
        worker,
        child_fields={
            "given_name": "Baraka",
            "family_name": "Mwangi",
            "sex": "male",
            "date_of_birth": dt.date(2016, 5, 1),
        },
    )
    return shared, unshared


def test_names_only_where_consent_to_share_stands(two_cases, worker, export):
    shared, unshared = two_cases
    rows = by_number(csv_rows(export(worker)))
    assert rows[shared.number]["Given name"] == "Amina"
    assert rows[shared.number]["Family name"] == "Okello"
    assert rows[unshared.number]["Given name"] == MASK
    assert rows[unshared.number]["Family name"] == MASK
    # What is not identifying is there for both.
    assert rows[unshared.number]["Sex"] == "Male"


def test_withdrawn_consent_no_longer_counts(two_cases, worker, export):
    shared, _ = two_cases
    consent = shared.consents.get(kind="sharing")
    registration.consent_withdraw(actor=worker, consent=consent, withdrawn_on=clock.today())
    rows = by_number(csv_rows(export(worker)))
    assert rows[shared.number]["Given name"] == MASK


def test_an_override_reason_fills_in_names_and_is_kept(two_cases, supervisor, export):
    _, unshared = two_cases
    job = export(supervisor, override_reason="Court ordered disclosure in file 12/2026")
    rows = by_number(csv_rows(job))
    assert rows[unshared.number]["Given name"] == "Baraka"
    assert job.override_reason == "Court ordered disclosure in file 12/2026"


def test_only_those_allowed_may_override_consent(two_cases, worker, export):
    with pytest.raises(Refused):
        export(worker, override_reason="I think it is fine")


def test_without_export_identifiable_names_are_masked_even_with_consent(two_cases, clerk, export):
    """The data clerk reads names on the pages (clearance 1) but may not take them
    out of Hearth."""
    shared, _ = two_cases
    rows = by_number(csv_rows(export(clerk)))
    assert rows[shared.number]["Given name"] == MASK
    assert rows[shared.number]["Sex"] == "Female"


def test_a_field_above_clearance_is_never_exported(two_cases, manager, supervisor, export):
    """The manager (clearance 1) may export names, never the level-2 summary, even
    with consent and an override; the supervisor (clearance 2) may."""
    shared, unshared = two_cases
    columns = ["number", "given_name", "summary"]
    rows = by_number(csv_rows(export(manager, columns=columns)))
    assert rows[shared.number]["Given name"] == "Amina"
    assert rows[shared.number]["Reason for registration"] == MASK
    job = export(supervisor, columns=columns, override_reason="Case conference")
    rows = by_number(csv_rows(job))
    assert rows[shared.number]["Reason for registration"] == "Neighbours heard shouting at night"


def test_a_level_set_by_an_administrator_applies(two_cases, worker, export):
    FieldSensitivity.objects.create(model_label="registry.person", field="sex", level=3)
    forget_overrides()
    try:
        rows = by_number(csv_rows(export(worker)))
    finally:
        FieldSensitivity.objects.all().delete()
        forget_overrides()
    assert {row["Sex"] for row in rows.values()} == {MASK}


def test_a_reader_without_clearance_never_sees_identifying_fields(
    two_cases, worker, export, django_user_model
):
    shared, _ = two_cases
    worker.roles.set([role("caseworker", clearance=0)])
    rows = by_number(csv_rows(export(worker, columns=["number", "given_name", "date_of_birth"])))
    assert rows[shared.number]["Given name"] == MASK
    assert rows[shared.number]["Date of birth"] == MASK


def test_only_cases_the_exporter_may_see(
    two_cases, make_case, worker, worker_elsewhere, places, export
):
    theirs = make_case(worker_elsewhere, location=places["south_village"])
    numbers = set(by_number(csv_rows(export(worker))))
    assert numbers == {c.number for c in two_cases}
    assert set(by_number(csv_rows(export(worker_elsewhere)))) == {theirs.number}


def test_filters_of_the_case_list(make_case, worker, places, export):
    clock.freeze(dt.datetime(2026, 3, 31, 12))
    try:
        january = make_case(worker, registration_date=dt.date(2026, 1, 10), risk_level="high")
        march = make_case(worker, registration_date=dt.date(2026, 3, 5), risk_level="low")
        Case.objects.filter(pk=march.pk).update(status="closed", closed_on=dt.date(2026, 3, 20))

        def numbers(**filters):
            return set(by_number(csv_rows(export(worker, filters=filters))))

        assert numbers() == {january.number, march.number}
        assert numbers(status="closed") == {march.number}
        assert numbers(risk="high") == {january.number}
        assert numbers(registered_from=dt.date(2026, 2, 1)) == {march.number}
        assert numbers(registered_to="2026-01-31") == {january.number}
        assert numbers(area=places["north_district"]) == {january.number, march.number}
        assert numbers(area=places["south"]) == set()
        assert numbers(agency=worker.agency) == {january.number, march.number}
    finally:
        clock.freeze(None)


def test_bad_requests_are_refused_with_reasons(worker, export):
    with pytest.raises(ValidationError) as error:
        export(worker, columns=["number", "search_name"])
    assert "columns" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        export(worker, filters={"registered_from": "2026-03-01", "registered_to": "2026-01-01"})
    assert "registered_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        export(worker, password="short")
    assert "password" in error.value.message_dict
    with pytest.raises(Forbidden):
        export(worker, kind="deidentified", columns=["status"])


def test_standing_consent_follows_the_consent_gate(make_case, worker, supervisor):
    """The batch loader answers what current_consent(case, "sharing").permits does."""
    never = make_case(worker)
    given = make_case(worker)
    share_consent(worker, given)
    withdrawn = make_case(worker)
    registration.consent_withdraw(
        actor=worker, consent=share_consent(worker, withdrawn), withdrawn_on=clock.today()
    )
    overridden = make_case(worker)
    share_consent(
        supervisor, overridden, given=False, given_by="", override=True, override_reason="Safety"
    )
    voided = make_case(worker)
    ConsentRecord.objects.filter(pk=share_consent(worker, voided).pk).update(is_voided=True)
    cases = [never, given, withdrawn, overridden, voided]
    loaded = standing_consents([c.pk for c in cases])
    for case in cases:
        current = registration.current_consent(case, "sharing")
        assert ("sharing" in loaded.get(case.pk, {})) == bool(current and current.permits)
    assert loaded[overridden.pk]["sharing"] == "override"


def test_cells_that_look_like_formulas_stay_text(make_case, worker, export):
    case = make_case(
        worker,
        child_fields={
            "given_name": "=HYPERLINK(1)",
            "family_name": "@SUM",
            "sex": "female",
            "date_of_birth": dt.date(2017, 1, 1),
        },
    )
    share_consent(worker, case)
    rows = by_number(csv_rows(export(worker)))
    assert rows[case.number]["Given name"] == "'=HYPERLINK(1)"
    assert rows[case.number]["Family name"] == "'@SUM"
    job = export(worker, format="xlsx", columns=["given_name"])
    cell = openpyxl.load_workbook(file_of(job)).active["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")
