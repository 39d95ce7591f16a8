"""The data value set on a hand-built set of cases whose figures are worked out here.

2026Q1, cases registered in the quarter:
  North (Lakeshore): girl 3, girl 12, boy 12      -> 3: female 2, male 1, girls 0-4: 1
  South (Hilltop):   boy 5                        -> 1: female 0, male 1, girls 0-4: 0
Open on 31 March 2026: North 4 (a boy of 16 registered in December too), South 1."""

import datetime as dt

import pytest

from hearth.core import clock
from hearth.reports.dhis2 import payload, services
from hearth.reports.indicators import Period
from tests.reports.dhis2.conftest import (
    COC_DEFAULT,
    COC_F_0_4,
    COC_FEMALE,
    COC_MALE,
    DE_OPEN,
    DE_REGISTERED,
    OU_LAKE,
    OU_NORTH,
    OU_SOUTH,
)

PERIOD = Period.parse("2026Q1")
AOC = "attrOptCmb1"


@pytest.fixture
def cases(make_case, worker, worker_elsewhere, places):
    clock.freeze(dt.datetime(2026, 3, 31, 12, 0))
    try:

        def child(sex, age):
            return {"given_name": "C", "family_name": "X", "sex": sex,
                    "date_of_birth": dt.date(2026 - age, 1, 15)}  # fmt: skip

        north = [
            ("female", 3, dt.date(2026, 1, 10)),
            ("female", 12, dt.date(2026, 2, 1)),
            ("male", 12, dt.date(2026, 3, 5)),
            ("male", 16, dt.date(2025, 12, 20)),
        ]
        made = [
            make_case(worker, child_fields=child(sex, age), registration_date=day)
            for sex, age, day in north
        ]
        made.append(
            make_case(
                worker_elsewhere,
                child_fields=child("male", 5),
                registration_date=dt.date(2026, 1, 3),
                location=places["south_village"],
            )
        )
    finally:
        clock.freeze(None)
    return made


@pytest.fixture
def mappings(national):
    def add(indicator, disaggregation, de, coc, aoc=""):
        return services.data_element_mapping_create(
            actor=national,
            indicator_code=indicator,
            disaggregation=disaggregation,
            data_element=de,
            category_option_combo=coc,
            attribute_option_combo=aoc,
        )

    return [
        add("cases.registered", "total", DE_REGISTERED, COC_DEFAULT),
        add("cases.registered", "sex=female", DE_REGISTERED, COC_FEMALE),
        add("cases.registered", "sex=male", DE_REGISTERED, COC_MALE),
        # Written with a hyphen and in the "wrong" order: stored sorted, with the en dash.
        add("cases.registered", "sex=female;age_band=0-4", DE_REGISTERED, COC_F_0_4),
        add("cases.open", "total", DE_OPEN, COC_DEFAULT, AOC),
    ]


def dv(de, ou, coc, value, aoc=""):
    out = {"dataElement": de, "period": "2026Q1", "orgUnit": ou, "categoryOptionCombo": coc}
    if aoc:
        out["attributeOptionCombo"] = aoc
    out["value"] = value
    return out


def test_payload_fields_and_values(cases, mappings, org_units, national):
    found = payload.build(actor=national, period=PERIOD)
    values = found.as_json()["dataValues"]
    expected = [
        dv(DE_OPEN, OU_NORTH, COC_DEFAULT, "4", AOC),
        dv(DE_OPEN, OU_SOUTH, COC_DEFAULT, "1", AOC),
        dv(DE_REGISTERED, OU_NORTH, COC_DEFAULT, "3"),
        dv(DE_REGISTERED, OU_NORTH, COC_F_0_4, "1"),
        dv(DE_REGISTERED, OU_NORTH, COC_FEMALE, "2"),
        dv(DE_REGISTERED, OU_NORTH, COC_MALE, "1"),
        dv(DE_REGISTERED, OU_SOUTH, COC_DEFAULT, "1"),
        dv(DE_REGISTERED, OU_SOUTH, COC_F_0_4, "0"),
        dv(DE_REGISTERED, OU_SOUTH, COC_FEMALE, "0"),
        dv(DE_REGISTERED, OU_SOUTH, COC_MALE, "1"),
    ]
    key = lambda v: (v["dataElement"], v["orgUnit"], v["categoryOptionCombo"])  # noqa: E731
    assert sorted(values, key=key) == sorted(expected, key=key)
    # Keys in DHIS2's spelling, values as strings.
    assert all(isinstance(v["value"], str) for v in values)
    assert set(found.as_json()) == {"dataValues"}
    assert found.warnings == []


def test_disaggregation_is_stored_sorted_and_spelled_as_hearth_does(mappings):
    girls = mappings[3]
    assert girls.pairs == [("age_band", "0–4"), ("sex", "female")]
    assert girls.disaggregation == "age_band=0–4;sex=female"


def test_preview_rows_carry_names(cases, mappings, org_units, national):
    found = payload.build(actor=national, period=PERIOD)
    girls = next(v for v in found.values if v.category_option_combo == COC_F_0_4)
    assert girls.area in ("North", "South")
    assert "Age group" in girls.disaggregation and "Female" in girls.disaggregation
    assert girls.indicator == "Cases registered"


def test_data_set_and_completion_date_when_configured(cases, mappings, org_units, national):
    server = services.server_configure(
        actor=national,
        base_url="https://dhis2.example.gov",
        username="hearth",
        secret="s3cret-passphrase",
        data_set="dataSetUid1",
        mark_complete=True,
    )
    clock.freeze(dt.datetime(2026, 4, 5, 9, 0))
    try:
        body = payload.build(actor=national, period=PERIOD, server=server).as_json()
    finally:
        clock.freeze(None)
    assert body["dataSet"] == "dataSetUid1"
    assert body["completeDate"] == "2026-04-05"
    assert body["period"] == "2026Q1"


def test_monthly_and_yearly_periods(cases, mappings, org_units, national):
    january = payload.build(actor=national, period=Period.parse("202601")).as_json()
    north_total = [
        v for v in january["dataValues"]
        if (v["dataElement"], v["orgUnit"], v["categoryOptionCombo"])
        == (DE_REGISTERED, OU_NORTH, COC_DEFAULT)
    ]  # fmt: skip
    assert north_total == [dv(DE_REGISTERED, OU_NORTH, COC_DEFAULT, "1") | {"period": "202601"}]
    year = payload.build(actor=national, period=Period.parse("2025")).as_json()
    assert {v["period"] for v in year["dataValues"]} == {"2025"}


def test_unmapped_areas_are_left_out_and_warned(cases, mappings, national, places):
    # Only the Lake District (level 2, north) is mapped: the south has figures too.
    services.org_unit_mapping_create(
        actor=national, location=places["north_district"], org_unit=OU_LAKE
    )
    found = payload.build(actor=national, period=PERIOD)
    assert {v["orgUnit"] for v in found.as_json()["dataValues"]} == {OU_LAKE}
    assert any("Hill District (S1)" in w for w in found.warnings)
    assert not any("Lake District" in w for w in found.warnings)


def test_a_regional_sender_sends_only_their_region_and_is_warned(
    cases, mappings, org_units, manager
):
    found = payload.build(actor=manager, period=PERIOD)
    assert {v.org_unit for v in found.values} == {OU_NORTH}
    assert any("whole country" in w for w in found.warnings)


def test_mappings_that_cannot_be_computed_are_warned(cases, org_units, national):
    from hearth.reports.models import DataElementMapping

    DataElementMapping.objects.create(
        indicator_code="cases.gone", data_element=DE_OPEN, category_option_combo=COC_DEFAULT
    )
    found = payload.build(actor=national, period=PERIOD)
    assert found.values == []
    assert any("cases.gone" in w for w in found.warnings)


def test_only_dhis2_managers_build(cases, worker):
    from hearth.core.errors import Forbidden

    with pytest.raises(Forbidden):
        payload.build(actor=worker, period=PERIOD)


@pytest.mark.parametrize(("value", "text"), [(3, "3"), (3.0, "3"), (12.5, "12.5"),
                                             (1_000_000, "1000000"), (0, "0")])  # fmt: skip
def test_numbers_as_dhis2_reads_them(value, text):
    assert payload.text(value) == text


def test_every_registered_indicator_can_be_sent(cases, org_units, national):
    """Whatever indicators are registered (others add theirs), a total and a
    breakdown by their first dimension build without error."""
    from hearth.reports.indicators import registry
    from hearth.reports.models import DataElementMapping

    for n, (code, indicator) in enumerate(sorted(registry().items())):
        DataElementMapping.objects.create(
            indicator_code=code, data_element=f"de{n:09d}", category_option_combo=COC_DEFAULT
        )
        usable = [d for d in indicator.dimensions if d not in ("month", "quarter", "year")]
        usable = [d for d in usable if not d.startswith("area_")]
        if usable:
            DataElementMapping.objects.create(
                indicator_code=code, dimension_1=usable[0], value_1="x",
                data_element=f"dx{n:09d}", category_option_combo=COC_DEFAULT,
            )  # fmt: skip
    found = payload.build(actor=national, period=PERIOD)
    assert found.values
    assert all(isinstance(v.as_json()["value"], str) for v in found.values)
    assert not any("cannot be broken down" in w for w in found.warnings)


def test_queries_do_not_grow_with_areas_or_cases(
    cases, mappings, org_units, national, make_case, worker, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hearth.places.models import Location

    with CaptureQueriesContext(connection) as before:
        payload.build(actor=national, period=PERIOD)
    for code in ("E", "W", "C"):
        area = Location(code=code, name=f"Region {code}")
        area.compute_path()
        area.save()
        services.org_unit_mapping_create(
            actor=national, location=area, org_unit=f"ou{code}00000000"
        )
    clock.freeze(dt.datetime(2026, 3, 31, 12, 0))
    try:
        for _n in range(3):
            make_case(worker, registration_date=dt.date(2026, 2, 2))
    finally:
        clock.freeze(None)
    with django_assert_max_num_queries(len(before.captured_queries)):
        found = payload.build(actor=national, period=PERIOD)
    assert len({v.org_unit for v in found.values}) == 5


def test_an_indicator_without_areas_is_warned(cases, org_units, national):
    from hearth.reports.indicators import engine
    from hearth.reports.models import DataElementMapping

    nowhere = engine.Indicator(
        code="test.nowhere", name="Nowhere", description="", numerator="",
        base=lambda user, period: engine.get("cases.open").base(user, period),
        paths={"sex": "child__sex"},
    )  # fmt: skip
    engine.register(nowhere)
    try:
        DataElementMapping.objects.create(
            indicator_code="test.nowhere", data_element=DE_OPEN, category_option_combo=COC_DEFAULT
        )
        found = payload.build(actor=national, period=PERIOD)
    finally:
        engine._registry.pop("test.nowhere")
    assert found.values == []
    assert found.warnings == ["test.nowhere cannot be broken down by area; it is left out."]
