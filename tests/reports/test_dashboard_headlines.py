"""Headline figures counted together (dashboards/headlines.py) are the engine's
figures: the same numbers as each indicator computed on its own, for every scope."""

import pytest

from hearth.reports.dashboards import headlines, queries
from hearth.reports.dashboards.choices import Choice
from hearth.reports.indicators import compute, get
from tests.reports.casework_world import PERIOD

FOLDED = [
    "cases.open",
    "cases.registered",
    "cases.days_to_assessment",
    "assessments.on_time",
    "cases.days_to_plan",
    "plans.on_time",
]


def choice(area=None) -> Choice:
    filters = {f"area_{area.depth}": area.code} if area else {}
    return Choice(PERIOD, "quarter", area, filters)


def folded(user, chosen, level=None):
    return headlines.known_totals(user, chosen, queries.trends(user, chosen), level)[0]


@pytest.mark.parametrize("who", ["manager", "worker", "worker_elsewhere", "administrator"])
@pytest.mark.parametrize("where", [None, "north", "south", "north_district"])
def test_folded_figures_are_the_engines(casework, places, request, who, where):
    user = request.getfixturevalue(who)
    chosen = choice(places[where] if where else None)
    known = folded(user, chosen)
    assert set(FOLDED) <= set(known)
    for code in FOLDED:
        alone = compute(get(code), user, PERIOD, filters=chosen.filters).total
        found = known[code]
        assert (found.numerator, found.denominator, found.value) == (
            alone.numerator,
            alone.denominator,
            alone.value,
        ), (code, who, where)


def test_folded_figures_worked_out_by_hand(casework, manager, places):
    known = folded(manager, choice())
    # First assessments in the quarter: c1 0 days (on time), c2 11 (late), c3 1 (on time).
    assert known["cases.days_to_assessment"].value == 1
    assert known["cases.days_to_assessment"].numerator == 3
    assert (known["assessments.on_time"].numerator, known["assessments.on_time"].denominator) == (
        2,
        3,
    )
    # First plans approved: c1 10 days (on time), c2 37 (late), c4 43 (late).
    assert known["cases.days_to_plan"].value == 37
    assert (known["plans.on_time"].numerator, known["plans.on_time"].denominator) == (1, 3)
    assert known["cases.open"].value == 4
    assert known["cases.registered"].value == 5  # c1, c2, c3, c5, c7 (not c4, nor c6)


def test_the_south_is_never_counted_for_the_north(casework, manager, worker_elsewhere, places):
    # The manager reports on the north only: asking for the south gives nothing.
    south = folded(manager, choice(places["south"]))
    assert all(south[code].numerator == 0 for code in FOLDED)
    # worker_elsewhere sees c6 only: one case registered, assessed within the quarter.
    theirs = folded(worker_elsewhere, choice())
    assert theirs["cases.registered"].value == 1
    assert theirs["cases.days_to_assessment"].numerator == 1


def test_the_dashboard_shows_the_folded_figures(casework, manager):
    page = queries.manager_dashboard(manager, choice(), level=1)
    tiles = {t["code"]: t for t in page["headlines"]}
    assert tiles["assessments.on_time"]["detail"] == "2 of 3"
    assert tiles["cases.days_to_plan"]["detail"] == "3 cases measured"
    assert tiles["cases.open"]["value"] == "4"


@pytest.mark.parametrize("who", ["manager", "worker_elsewhere", "administrator"])
@pytest.mark.parametrize("where", [None, "north", "south_district"])
def test_every_trend_point_is_the_engines(casework, places, request, who, where):
    user = request.getfixturevalue(who)
    chosen = choice(places[where] if where else None)
    series = queries.trends(user, chosen)
    assert [line["code"] for line in series] == [
        "cases.registered",
        "cases.open",
        "assessments.on_time",
    ]
    for line in series:
        periods = PERIOD.previous(len(line["points"]))
        for period, point in zip(periods, line["points"], strict=True):
            assert point["label"] == period.code
            alone = compute(get(line["code"]), user, period, filters=chosen.filters).total
            assert point["value"] == alone.value, (line["code"], period.code, who, where)


@pytest.mark.parametrize("who", ["manager", "worker_elsewhere"])
@pytest.mark.parametrize("level", [1, 2])
def test_on_time_by_area_counted_with_the_headline_is_the_engines(casework, request, who, level):
    user = request.getfixturevalue(who)
    _known, by_area = headlines.known_totals(user, choice(), [], level)
    by = f"area_{level}"
    alone = compute(get("assessments.on_time"), user, PERIOD, by=[by])
    together = by_area["assessments.on_time"]
    assert together.rows, "the casework world has assessments in the quarter"
    assert [(r.keys, r.numerator, r.denominator, r.value) for r in together.rows] == [
        (r.keys, r.numerator, r.denominator, r.value) for r in alone.rows
    ]
    for r in alone.rows:
        assert together.label(by, r.keys[by]) == alone.label(by, r.keys[by])
