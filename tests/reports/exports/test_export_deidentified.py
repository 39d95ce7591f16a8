"""The de-identified export for analysts: no names, identifiers, contacts, birth
dates, case numbers or ids; stable pseudonyms; age groups; months; areas
generalised to the chosen level; free text dropped."""

import datetime as dt
import uuid

import pytest

from hearth.cases.models import Case
from hearth.core import clock
from hearth.core.errors import Forbidden
from hearth.registry import services as registry
from hearth.registry.models import IdentifierType
from hearth.reports.exports import columns as export_columns
from tests.reports.exports.helpers import (
    file_of,
    json_rows,
    share_consent,
)

EVERYTHING = [c.key for c in export_columns.offered("deidentified")]


@pytest.fixture
def cases(make_case, worker, manager):
    """Three cases in the north; two of them about the same child."""
    clock.freeze(dt.datetime(2026, 3, 31, 12))
    try:
        first = make_case(
            worker,
            registration_date=dt.date(2026, 1, 10),
            summary="Found sleeping at the bus station",
            identified_by="Pastor John Doe",
            child_fields={
                "given_name": "Amina",
                "family_name": "Okello",
                "sex": "female",
                "date_of_birth": dt.date(2013, 6, 15),  # 12 at registration
                "phone": "+256 700 123456",
                "address": "Behind the mill",
            },
        )
        again = make_case(worker, child=first.child, registration_date=dt.date(2026, 3, 2))
        other = make_case(
            worker,
            registration_date=dt.date(2026, 2, 20),
            child_fields={
                "given_name": "Baraka",
                "family_name": "Mwangi",
                "sex": "male",
                "date_of_birth": dt.date(2022, 2, 1),  # 4 at registration
            },
        )
    finally:
        clock.freeze(None)
    kind = IdentifierType.objects.create(code="birth_cert", name="Birth certificate")
    registry.identifier_add(actor=worker, person=first.child, type=kind, value="BC-998877")
    for case in (first, again, other):
        share_consent(worker, case)
    return first, again, other


def test_nothing_identifying_is_left(cases, manager, export):
    first, again, other = cases
    job = export(manager, kind="deidentified", columns=EVERYTHING, format="json", area_level=2)
    text = file_of(job).read_text(encoding="utf-8")
    forbidden = [
        "Amina", "Okello", "Baraka", "Mwangi", "BC-998877", "+256", "Behind the mill",
        "Found sleeping", "Pastor", "2013-06-15", "2022-02-01", "2026-01-10", "Lakeshore",
        "manager", "Worker",
    ]  # fmt: skip
    for case in cases:
        forbidden += [case.number, str(case.pk), str(case.child_id), str(case.owner_id)]
    for value in forbidden:
        assert value not in text, value
    assert len(json_rows(job)) == 3


def test_pseudonyms_ages_months_and_areas(cases, manager, export):
    first, again, other = cases
    job = export(manager, kind="deidentified", columns=EVERYTHING, format="json", area_level=2)
    rows = json_rows(job)
    by_month = {row["registration_date"]: row for row in rows}
    assert set(by_month) == {"2026-01", "2026-02", "2026-03"}
    jan, feb, mar = by_month["2026-01"], by_month["2026-02"], by_month["2026-03"]
    # The same child, two cases: one child pseudonym, two case pseudonyms.
    assert jan["child_id"] == mar["child_id"] != feb["child_id"]
    assert len({jan["case_id"], feb["case_id"], mar["case_id"]}) == 3
    assert jan["caseworker"] == feb["caseworker"]  # the same worker
    assert jan["age_group"] == "10–14" and feb["age_group"] == "0–4"
    # Lakeshore (level 3) is generalised to Lake District (level 2).
    assert jan["area_code"] == "N1" and jan["area"] == "Lake District"
    assert jan["sex"] == "female" and jan["risk_level"] == "medium"
    assert set(jan) == set(EVERYTHING)
    assert not {"number", "given_name", "date_of_birth", "summary", "identifiers"} & set(jan)


def test_pseudonyms_differ_between_exports_unless_linkable(cases, manager, export):
    def child_ids(**options):
        job = export(manager, kind="deidentified", columns=["child_id"], format="json", **options)
        return sorted(row["child_id"] for row in json_rows(job))

    assert child_ids() != child_ids()
    assert child_ids(linkable=True) == child_ids(linkable=True)
    for pseudonym in child_ids():
        with pytest.raises(ValueError):
            uuid.UUID(pseudonym)


def test_area_generalised_to_the_top_level(cases, manager, export):
    job = export(
        manager, kind="deidentified", columns=["area_code", "area"], format="json", area_level=1
    )
    assert {(r["area_code"], r["area"]) for r in json_rows(job)} == {("N", "North")}


def test_a_case_recorded_higher_up_keeps_its_own_area(make_case, manager, worker, places, export):
    case = make_case(worker, location=places["north"])
    share_consent(worker, case)
    job = export(manager, kind="deidentified", columns=["area_code"], format="json", area_level=3)
    assert json_rows(job) == [{"area_code": "N"}]


def test_needs_export_deidentified(cases, worker, export):
    with pytest.raises(Forbidden):
        export(worker, kind="deidentified", columns=["status"])


def test_only_its_own_columns(cases, manager, export):
    with pytest.raises(Exception) as error:
        export(manager, kind="deidentified", columns=["status", "given_name"])
    assert "given_name" in str(error.value)


def test_closed_cases_show_the_month_of_closure(cases, manager, export):
    first, _, _ = cases
    Case.objects.filter(pk=first.pk).update(status="closed", closed_on=dt.date(2026, 3, 17))
    job = export(
        manager, kind="deidentified", columns=["status", "closed_on"], format="json",
        filters={"status": "closed"},
    )  # fmt: skip
    assert json_rows(job) == [{"status": "closed", "closed_on": "2026-03"}]
