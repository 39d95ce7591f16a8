"""The cross-table on the hand-built world (see conftest): cells and totals worked
out here, rows x columns adding up, and nobody counting records outside their scope."""

import pytest

from hearth.reports.builder import table
from hearth.reports.builder.spec import Spec
from hearth.reports.indicators import compute, get, registry
from tests.reports.builder.conftest import Q1


def cross(user, indicator="records.cases", rows="sex", columns="risk", filters=None):
    spec = Spec.check(indicator=indicator, period="2026Q1", rows=rows, columns=columns,
                      filters=filters or {})  # fmt: skip
    return table.build(spec, user)


def as_dict(numbers):
    """{row key: {column key: value}} plus the totals, to compare with the hand count."""
    cells = {
        line.key: dict(zip(numbers.column_keys, [c.value for c in line.cells], strict=True))
        for line in numbers.lines
    }
    return (
        cells,
        {line.key: line.total.value for line in numbers.lines},
        dict(zip(numbers.column_keys, [c.value for c in numbers.column_totals], strict=True)),
        numbers.total.value,
    )


def test_cases_by_sex_and_risk_as_counted_by_hand(world, worker):
    cells, row_totals, column_totals, total = as_dict(cross(worker))
    assert cells == {
        "female": {"high": 2, "low": 1, "medium": 0},
        "male": {"high": 0, "low": 0, "medium": 2},
    }
    assert row_totals == {"female": 3, "male": 2}
    assert column_totals == {"high": 2, "low": 1, "medium": 2}
    assert total == 5


@pytest.mark.parametrize("who", ["worker", "manager", "supervisor", "worker_elsewhere"])
def test_rows_and_columns_add_up_to_the_totals(world, who, request):
    numbers = cross(request.getfixturevalue(who))
    for line in numbers.lines:
        assert sum(c.value for c in line.cells) == line.total.value
    for index, column_total in enumerate(numbers.column_totals):
        assert sum(line.cells[index].value for line in numbers.lines) == column_total.value
    assert sum(line.total.value for line in numbers.lines) == numbers.total.value


def test_the_manager_sees_the_north_and_never_the_south(world, manager):
    assert cross(manager).total.value == 5


def test_the_worker_elsewhere_never_sees_a_count_from_the_north(world, worker_elsewhere):
    cells, row_totals, column_totals, total = as_dict(cross(worker_elsewhere))
    assert cells == {"male": {"low": 1}}
    assert (row_totals, column_totals, total) == ({"male": 1}, {"low": 1}, 1)
    for indicator in registry():
        if indicator.startswith("records."):
            numbers = cross(worker_elsewhere, indicator, rows="sex", columns="")
            assert numbers.total.value <= 1, indicator


def test_filters_narrow_every_number(world, worker):
    cells, row_totals, column_totals, total = as_dict(
        cross(worker, columns="", filters={"risk": "high"})
    )
    assert row_totals == {"female": 2} and total == 2


def test_each_number_links_to_the_records_behind_it(world, worker):
    numbers = cross(worker, filters={"area_1": "N"})
    female = numbers.lines[0]
    assert female.cells[0].link == (
        "/reports/records/?indicator=records.cases&period=2026Q1&area_1=N&sex=female&risk=high"
    )
    assert female.total.link.endswith("&area_1=N&sex=female")
    assert numbers.total.link == "/reports/records/?indicator=records.cases&period=2026Q1&area_1=N"


def test_total_only_and_rows_only(world, worker):
    assert cross(worker, rows="", columns="").lines == []
    assert cross(worker, rows="", columns="").total.value == 5
    rows_only = cross(worker, columns="")
    assert [(line.label, line.total.value) for line in rows_only.lines] == [
        ("Female", 3),
        ("Male", 2),
    ]


@pytest.mark.parametrize(
    ("code", "mine", "elsewhere"),
    [
        ("records.cases", 5, 1),
        ("records.children", 5, 1),
        ("records.services", 2, 1),
        ("records.follow_ups", 1, 0),
        ("records.referrals", 1, 0),
        ("records.care_arrangements", 1, 0),
    ],
)
def test_counts_of_records(work_on_cases, worker, worker_elsewhere, code, mine, elsewhere):
    indicator = get(code)
    assert str(indicator.group) == "Records" and indicator.unit == "count"
    assert compute(indicator, worker, Q1).total.value == mine
    assert compute(indicator, worker_elsewhere, Q1).total.value == elsewhere


def test_a_child_with_two_cases_is_one_child(world, worker, make_case):
    make_case(worker, child=world["c1"].child, registration_date=world["c1"].registration_date)
    assert compute(get("records.cases"), worker, Q1).total.value == 6
    assert compute(get("records.children"), worker, Q1).total.value == 5


def test_records_break_down_by_the_case_and_the_period(work_on_cases, worker):
    services = compute(get("records.services"), worker, Q1, by=["month"])
    assert sorted((str(r.keys["month"])[:7], r.value) for r in services.rows) == [
        ("2026-02", 1),
        ("2026-03", 1),
    ]
    by_risk = compute(get("records.services"), worker, Q1, by=["risk"])
    assert {r.keys["risk"]: r.value for r in by_risk.rows} == {"high": 1, "medium": 1}
    care = compute(get("records.care_arrangements"), worker, Q1, by=["care_type"])
    assert {r.keys["care_type"]: r.value for r in care.rows} == {"kinship": 1}
