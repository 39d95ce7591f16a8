"""The data quality report (I5) on a hand-built set of cases whose numbers are
worked out here, case by case."""

import datetime as dt

import pytest

from hearth.cases import child_facts
from hearth.cases.models import (
    Assessment,
    Case,
    FollowUp,
    Referral,
    Service,
    ServiceType,
)
from hearth.core import clock
from hearth.core.models import Setting
from hearth.forms.models import FormVersion
from hearth.registry import services as registry
from hearth.registry.models import Person
from hearth.reports import quality

NOW = dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    clock.freeze(NOW)
    yield NOW
    clock.freeze(None)


@pytest.fixture
def world(make_case, worker, worker_elsewhere, places, frozen):
    """Eight cases of the worker's (north) and one elsewhere (south):

    1 complete   everything recorded, caregiver, assessment approved
    2 gaps       area only at district level; no caregiver, no assessment
    3 new        registered today: assessment not due yet; no birth date, sex unknown
    4 born_late  the child is born after registration
    5 closed     closed before it was registered
    6 referral   closed with a pending referral, assessed after closure
    7 early      a service before registration, a service before its referral,
                 a visit before registration
    8 stale      open, nothing recorded for 90 days

    The odd rows are written straight to the tables: the services refuse most of
    them, but imports, offline sync and older data bring such things in.
    """

    def case(registered, **kwargs):
        return make_case(worker, registration_date=registered, risk_level="low", **kwargs)

    may, june = dt.date(2026, 5, 1), dt.date(2026, 6, 1)
    made = {
        "complete": case(june),
        "gaps": case(june, location=places["north_district"]),
        "new": case(NOW.date()),
        "born_late": case(may),
        "closed": case(may),
        "referral": case(may),
        "early": case(dt.date(2026, 5, 10)),
        "stale": case(dt.date(2026, 3, 1)),
        "south": make_case(worker_elsewhere, location=places["south_village"]),
    }
    mother = registry.person_create(actor=worker, given_name="Mercy", sex="female")
    registry.relationship_add(
        actor=worker, person=made["complete"].child, relative=mother, kind="mother",
        is_caregiver=True,
    )  # fmt: skip
    version = FormVersion.objects.current("initial_assessment")
    Assessment.objects.create(case=made["complete"], form_version=version, status="approved")
    after_closure = dt.date(2026, 6, 25)
    Assessment.objects.create(
        case=made["referral"], form_version=version, status="approved", assessed_on=after_closure
    )
    Person.objects.filter(pk=made["new"].child_id).update(date_of_birth=None, sex="unknown")
    Person.objects.filter(pk=made["born_late"].child_id).update(date_of_birth=dt.date(2026, 5, 15))
    child_facts.refresh([made["new"].child_id, made["born_late"].child_id])  # past the services
    Case.objects.filter(pk=made["closed"].pk).update(
        status="closed", closed_on=dt.date(2026, 4, 20)
    )
    Case.objects.filter(pk=made["referral"].pk).update(
        status="closed", closed_on=june + dt.timedelta(days=19)
    )
    kind = ServiceType.objects.first()
    Referral.objects.create(
        case=made["referral"], service_type=kind, to_user=worker, reason="Counselling"
    )
    early = made["early"]
    referral = Referral.objects.create(
        case=early, service_type=kind, to_user=worker, reason="Food", status="completed"
    )
    for delivered, via in ((dt.date(2026, 5, 1), None), (june, referral)):
        Service.objects.create(
            case=early, service_type=kind, provided_by_user=worker, due_on=delivered,
            delivered_on=delivered, status="delivered", referral=via,
        )  # fmt: skip
    FollowUp.objects.create(
        case=early, due_on=dt.date(2026, 5, 5), done_on=dt.date(2026, 5, 5), contact="in_person",
        observations="Fine",
    )  # fmt: skip
    Case.objects.filter(pk=made["stale"].pk).update(last_activity_at=NOW - dt.timedelta(days=90))
    return made


def numbers(group) -> dict:
    return {key: (m.required, m.recorded) for key, m in group.measures.items()}


def test_completeness_over_the_viewers_cases(world, supervisor):
    total = quality.completeness(supervisor)
    assert total.cases == 8  # the south case is outside the supervisor's team
    assert numbers(total) == {
        "child_birth_date": (8, 7),
        "child_sex": (8, 7),
        "lowest_area": (8, 7),
        "concern": (8, 8),
        "consent": (8, 8),
        "caregiver": (8, 1),
        # Due for all but the case registered today; done for two.
        "assessment": (7, 2),
        "case_plan": (0, 0),
    }
    assert total.measures["caregiver"].percent == 12.5
    assert total.measures["case_plan"].percent is None
    assert total.inactive == 1


def test_completeness_by_area_and_by_worker(world, supervisor, worker):
    (north,) = quality.completeness(supervisor, "area", level=1)
    assert (north.value, north.label, north.cases) == ("N", "North", 8)
    villages = {g.value: g for g in quality.completeness(supervisor, "area", level=3)}
    assert set(villages) == {"", "N1A"}  # the case recorded at district level has no village
    assert villages[""].cases == 1 and villages["N1A"].cases == 7
    assert villages["N1A"].measures["lowest_area"].missing == 0
    (mine,) = quality.completeness(supervisor, "worker")
    assert (mine.value, mine.label, mine.cases) == (worker.pk, str(worker), 8)


def test_inconsistencies(world, supervisor):
    found = {check.key: count for check, count in quality.inconsistencies(supervisor)}
    assert found == {
        "birth_after_registration": 1,
        "closed_before_registration": 1,
        "closed_without_date": 0,
        "closed_before_assessment": 1,
        "service_before_registration": 1,
        "service_before_referral": 1,
        "visit_before_registration": 1,
        "closed_with_active_referral": 1,
    }


def test_the_cases_behind_each_number(world, supervisor):
    def behind(measure, **kwargs):
        return {c.pk for c in quality.cases_behind(supervisor, measure, **kwargs)}

    w = world
    assert behind("missing:assessment") == {
        w[k].pk for k in ("gaps", "born_late", "closed", "early", "stale")
    }
    assert behind("missing:child_birth_date") == {w["new"].pk}
    assert behind("missing:lowest_area", by="area", value="", level=3) == {w["gaps"].pk}
    assert behind("missing:lowest_area", by="area", value="N1A", level=3) == set()
    assert behind("check:closed_with_active_referral") == {w["referral"].pk}
    assert behind("check:service_before_referral") == {w["early"].pk}
    assert behind("inactive") == {w["stale"].pk}
    with pytest.raises(ValueError):
        behind("check:nonsense")


def test_inactivity_follows_the_configured_days(world, supervisor):
    assert quality.completeness(supervisor).inactive == 1
    Setting.objects.create(key="quality.inactive_days", value=120)
    assert quality.completeness(supervisor).inactive == 0


def test_the_scope_is_the_viewers_reporting_scope(world, auditor, worker_elsewhere):
    assert quality.completeness(auditor).cases == 9  # the auditor reports on everything


def test_other_apps_add_checks(world, supervisor, monkeypatch):
    monkeypatch.setattr(quality, "_checks", dict(quality._checks))
    quality.add_check(
        quality.Check(
            "high_risk", "High risk", "A test check", lambda w: quality.Q(risk_level="low")
        )
    )
    found = {check.key: count for check, count in quality.inconsistencies(supervisor)}
    assert found["high_risk"] == 8


def test_the_page_and_its_links(world, supervisor, worker, signed_in):
    assert signed_in(worker).get("/quality/").status_code == 403
    client = signed_in(supervisor)
    page = client.get("/quality/?level=3").content.decode()
    assert "?measure=missing:assessment" in page
    assert "?measure=check:closed_with_active_referral" in page
    assert "?measure=inactive" in page
    listing = client.get("/quality/cases/?measure=missing:assessment").content.decode()
    for key in ("gaps", "born_late", "closed", "early", "stale"):
        assert world[key].number in listing
    assert world["complete"].number not in listing
    assert f"/cases/{world['gaps'].pk}/" in listing  # the supervisor may open it
    assert client.get("/quality/cases/?measure=nonsense").status_code == 404


def test_the_auditor_sees_numbers_without_links_to_cases(world, auditor, signed_in):
    listing = signed_in(auditor).get("/quality/cases/?measure=inactive").content.decode()
    assert world["stale"].number in listing
    assert f"/cases/{world['stale'].pk}/" not in listing


def test_the_api(world, supervisor, worker, client):
    from hearth.accounts import tokens

    _, raw = tokens.token_create(actor=supervisor, name="tests")
    found = client.get("/api/v1/quality?level=1", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert found["total"]["cases"] == 8
    assert found["total"]["completeness"]["assessment"] == {
        "required": 7, "recorded": 2, "percent": 28.6,
    }  # fmt: skip
    assert [g["key"] for g in found["by_area"]] == ["N"]
    checks = {c["key"]: c["cases"] for c in found["inconsistencies"]}
    assert checks["closed_with_active_referral"] == 1
    _, other = tokens.token_create(actor=worker, name="tests")
    assert client.get("/api/v1/quality", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 403
