"""The manager dashboard read from figures kept as data (dashboards/figures.py,
stored.py) shows exactly what the live page counts, for every viewer it is used
for, and is used for no one else.

The hand-built set (casework_world) is widened with a third region, East, with two
districts: cases in each, one recorded at the region itself and one at a district,
and a child with cases in two districts who is in formal care (counted once in the
region, once in each district)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from hearth.accounts.models import Role
from hearth.care.models import CareArrangement, CareType
from hearth.cases.models import Case
from hearth.core import clock
from hearth.core.models import Setting
from hearth.places.models import Location
from hearth.reports.dashboards import figures, queries
from hearth.reports.dashboards.choices import Choice
from hearth.reports.indicators import Period
from hearth.reports.models import DashboardFigure, DashboardRefresh
from tests.conftest import make_user

NOW = dt.datetime(2026, 3, 31, 12, 0)


@pytest.fixture
def frozen():
    clock.freeze(NOW)
    yield
    clock.freeze(None)


def add(code, name, parent=None):
    loc = Location(code=code, name=name, parent=parent)
    loc.compute_path()
    loc.save()
    return loc


@pytest.fixture
def world(casework, make_case, worker, places, frozen):
    east = add("E", "East")
    e1, e2 = add("E1", "Plain District", east), add("E2", "Coast District", east)
    e1a, e2a = add("E1A", "Plainfield", e1), add("E2A", "Seaside", e2)
    made = {}
    for key, where, registered in [
        ("e1", e1a, dt.date(2026, 1, 20)),
        ("e2", e2a, dt.date(2026, 2, 3)),
        ("e3", e2a, dt.date(2025, 11, 5)),
        ("region_only", east, dt.date(2026, 3, 2)),
        ("district_only", places["north_district"], dt.date(2026, 1, 8)),
        ("another", e1a, dt.date(2026, 2, 9)),
    ]:
        made[key] = make_case(worker, location=where, registration_date=registered)
    # One child, two cases in two districts of the East, in formal care.
    twice = made["e1"].child
    made["e1_again"] = make_case(worker, child=twice, location=e2a,
                                 registration_date=dt.date(2026, 2, 20))  # fmt: skip
    foster = CareType.objects.exclude(setting="parental").first()
    for case, start in [(made["e1"], dt.date(2026, 1, 25)), (made["e1_again"], dt.date(2026, 3, 1)),
                        (casework["c1"], dt.date(2026, 2, 1))]:  # fmt: skip
        CareArrangement.objects.create(
            case=case, child=case.child, care_type=foster, is_formal=True,
            entered_formal_care=True, start_date=start, legal_basis="administrative",
            decided_by="Panel",
        )  # fmt: skip
    return {"east": east, "plain": e1, "coast": e2, **made}


def refresh():
    out = io.StringIO()
    call_command("refresh-dashboard-figures", stdout=out)
    return out.getvalue()


def choice(period="2026Q1", area=None) -> Choice:
    p = Period.parse(period)
    return Choice(p, p.kind, area, {f"area_{area.depth}": area.code} if area else {})


def tallied(page: dict) -> dict:
    """Every number the page shows, with what it is shown as and where it links."""
    return {
        "headlines": [(t["code"], t["value"], t["detail"], t["link"]) for t in page["headlines"]],
        "trends": [
            [(p["label"], p["value"], p["display"], p["link"]) for p in t["points"]]
            for t in page["trends"]
        ],  # fmt: skip
        "table": page["area_table"],
    }


def both(user, chosen, level):
    """(live page, page from kept figures) for the same viewer and choice."""
    DashboardRefresh.objects.update(status=DashboardRefresh.Status.FAILED)
    live = queries.manager_dashboard(user, chosen, level)
    assert "figures_as_of" not in live
    DashboardRefresh.objects.filter(pk=KEPT["run"]).update(status=DashboardRefresh.Status.DONE)
    kept = queries.manager_dashboard(user, chosen, level)
    assert "figures_as_of" in kept, "the kept figures were not used"
    return live, kept


KEPT: dict = {}


@pytest.fixture
def refreshed(world, frozen):
    refresh()
    KEPT["run"] = DashboardRefresh.objects.get(status="done").pk
    return world


@pytest.fixture
def national(agencies):
    """A reporting viewer for the whole country (scope "all", report.view)."""
    return make_user("national", "auditor", agency=agencies["gov"])


@pytest.fixture
def district_manager(agencies, places):
    return make_user("district", "manager", agency=agencies["gov"],
                     areas=[places["north_district"]])  # fmt: skip


@pytest.mark.parametrize(
    "who,where",
    [("national", None), ("national", "east"), ("national", "north_district"),
     ("national", "coast"), ("manager", None), ("manager", "north_district"),
     ("district_manager", None)],
)  # fmt: skip
def test_every_figure_is_the_live_one(refreshed, places, request, who, where):
    user = request.getfixturevalue(who)
    area = (refreshed.get(where) or places.get(where)) if where else None
    for period in ["2026Q1", "202602", "2026", "2025Q3"]:
        for level in (1, 2, 3, 4):
            live, kept = both(user, choice(period, area), level)
            assert tallied(kept) == tallied(live), (who, where, period, level)


@pytest.mark.parametrize("who", ["worker", "supervisor", "two_areas", "owner_manager"])
def test_other_scopes_are_counted_live(refreshed, request, who, agencies, places):
    if who == "two_areas":
        user = make_user("two", "manager", agency=agencies["gov"],
                         areas=[places["north"], places["south"]])  # fmt: skip
    elif who == "owner_manager":
        user = request.getfixturevalue("manager")
        # A case of theirs outside their area: their scope is the area and that case.
        Case.objects.filter(pk=refreshed["e2"].pk).update(owner=user)
    else:
        user = request.getfixturevalue(who)
    page = queries.manager_dashboard(user, choice(), 1)
    assert "figures_as_of" not in page


def test_an_area_manager_owning_a_case_inside_the_area_reads_figures(refreshed, manager, casework):
    Case.objects.filter(pk=casework["c1"].pk).update(owner=manager)
    assert "figures_as_of" in queries.manager_dashboard(manager, choice(), 1)


def test_stale_or_missing_figures_mean_live(refreshed, national):
    assert "figures_as_of" in queries.manager_dashboard(national, choice(), 1)
    Setting.objects.create(key="reports.dashboard_figures_max_age_minutes", value=60)
    clock.freeze(NOW + dt.timedelta(minutes=61))
    assert "figures_as_of" not in queries.manager_dashboard(national, choice(), 1)
    clock.freeze(NOW)
    # A period the set does not cover (its trend reaches back too far).
    assert "figures_as_of" not in queries.manager_dashboard(national, choice("2023Q1"), 1)
    DashboardRefresh.objects.all().delete()
    assert "figures_as_of" not in queries.manager_dashboard(national, choice(), 1)


def test_only_the_kinds_of_period_kept_are_read_from_figures(world, frozen, national):
    Setting.objects.create(key="reports.dashboard_figures_kinds", value=["quarter"])
    refresh()
    run = DashboardRefresh.objects.get(status="done")
    assert run.periods and all("Q" in code for code in run.periods)
    assert "figures_as_of" in queries.manager_dashboard(national, choice("2026Q1"), 1)
    assert "figures_as_of" not in queries.manager_dashboard(national, choice("202603"), 1)


def test_never_figures_from_outside_the_viewers_area(refreshed, manager, places):
    # The manager reports on the north; a choice of the east (which the page would
    # not offer them) is counted live, and is empty, as the engine gives it.
    page = queries.manager_dashboard(manager, choice(area=refreshed["east"]), 2)
    assert "figures_as_of" not in page
    assert all(t["value"] in ("0", "–") for t in page["headlines"])
    # Their own page holds only the north's areas.
    kept = queries.manager_dashboard(manager, choice(), 2)
    assert "figures_as_of" in kept
    assert [r["label"] for r in kept["area_table"]["rows"]] == ["Lake District"]


def test_a_child_in_two_districts_counts_once_in_the_region(refreshed, national):
    kept = queries.manager_dashboard(national, choice("202603", refreshed["east"]), 2)
    tiles = {t["code"]: t["value"] for t in kept["headlines"]}
    assert tiles["care.in_formal_care"] == "1"
    column = kept["area_table"]["headers"].index(queries.get("care.in_formal_care").name)
    by_district = {r["label"]: r["cells"][column]["display"] for r in kept["area_table"]["rows"]}
    assert by_district["Plain District"] == "1" and by_district["Coast District"] == "1"


def test_refresh_command_reports_progress_and_replaces_the_set(world, frozen):
    out = refresh()
    assert "2026Q1" in out and "figures" in out
    first = DashboardRefresh.objects.get()
    assert first.status == "done" and first.figures == DashboardFigure.objects.count() > 0
    Case.objects.filter(pk=world["e3"].pk).update(registration_date=dt.date(2026, 3, 3))
    refresh()
    assert DashboardFigure.objects.count() == DashboardRefresh.objects.first().figures
    registered = DashboardFigure.objects.get(
        indicator="cases.registered", period="2026Q1", area="E", level=0
    )
    # e1, e1_again, e2, e3 (now registered in the quarter), another, and the case
    # recorded at the region.
    assert registered.numerator == 6
    from hearth.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="reports.dashboard_figures_refresh").count() == 2


def test_the_refresh_is_due_by_the_setting(world, frozen):
    assert figures.refresh_due()
    refresh()
    assert not figures.refresh_due()
    clock.freeze(NOW + dt.timedelta(minutes=61))
    assert figures.refresh_due()
    Setting.objects.create(key="reports.dashboard_figures_minutes", value=0)
    assert not figures.refresh_due()


def test_the_kept_page_takes_a_constant_number_of_queries(
    refreshed, national, manager, django_assert_max_num_queries
):
    for user in (national, manager):
        queries.manager_dashboard(user, choice(), 2)  # warm the per-process caches
        with django_assert_max_num_queries(8):
            page = queries.manager_dashboard(user, choice(), 2)
        assert "figures_as_of" in page


def test_the_viewer_used_for_the_figures_is_never_saved(world, frozen):
    before = Role.objects.count()
    refresh()
    assert Role.objects.count() == before
    assert not Role.objects.filter(code="dashboard-figures").exists()
