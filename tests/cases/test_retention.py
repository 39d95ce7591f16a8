"""The retention policy (B9): cases closed longer ago than the configured period
are anonymised - names, identifiers, contacts and free text go; what indicators
count stays. A dry run changes nothing; every run is audited."""

import datetime as dt

import pytest

from hearth.accounts.system import system_user
from hearth.audit.models import AuditEvent
from hearth.cases import retention, work
from hearth.cases.models import (
    Anonymisation,
    Assessment,
    Case,
    CaseNote,
    CasePlan,
    Goal,
    PlanAction,
    RetentionRun,
)
from hearth.cases.services.closure import case_reopen
from hearth.core import clock, writes
from hearth.core.errors import Forbidden, Refused
from hearth.core.models import Setting
from hearth.forms.models import FormVersion
from hearth.notify.models import Notification
from hearth.registry import services as registry
from hearth.registry.models import Person, PersonIdentifier

THEN = dt.datetime(2014, 3, 10, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 1)
SUMMARY = "Found alone at the bus station, says her uncle beats her."
ANSWERS = {
    "situation": {
        "assessed_on": "2014-03-11",
        "child_seen": True,
        "where_seen": "At the aunt's house on Lake Road",
        "summary": "Bruises on the arms.",
    },
    "risks": {
        "identified": [
            {"risk": "physical_abuse", "description": "By the uncle", "severity": "high"}
        ],
        "risk_level": "high",
    },
    "strengths": {"protective_factors": "Grandmother Ruth visits weekly."},
}


def close(case, on: dt.date):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=on)
    work.sync([case.pk])  # past the services: keep the open work too
    case.refresh_from_db()
    return case


@pytest.fixture
def world(make_case, worker, supervisor, places):
    """An old case (closed 2015) of Amina, with her mother, a household, an
    identifier, an assessment, a plan and a note; Brian, her brother, has an open
    case; an unrelated case closed last year."""
    clock.freeze(THEN)
    try:
        old = make_case(
            worker,
            summary=SUMMARY,
            identified_by="Mr Bosco, bus station guard",
            registration_date=clock.today(),
        )
        amina = old.child
        registry.person_update(
            actor=worker, person=amina, phone="0772 000111", address="Plot 4, Lake Road"
        )
        registry.identifier_add(
            actor=worker, person=amina, type="birth_registration", value="BR-2006-4411"
        )
        mother = registry.person_create(
            actor=worker,
            given_name="Mercy",
            family_name="Okello",
            sex="female",
            phone="0772 999000",
            location=places["north_village"],
        )
        registry.relationship_add(
            actor=worker,
            person=amina,
            relative=mother,
            kind="mother",
            is_caregiver=True,
            notes="Mother drinks.",
        )
        home = registry.household_create(
            actor=worker, name="Okello family", address="Plot 4, Lake Road"
        )
        registry.household_member_add(actor=worker, household=home, person=amina)
        registry.household_member_add(actor=worker, household=home, person=mother)
        version = FormVersion.objects.current("initial_assessment")
        writes.create(
            Assessment(case=old, form_version=version, answers=ANSWERS, status="approved"),
            actor=worker,
        )
        writes.create(CaseNote(case=old, text="Uncle Peter threatened the worker."), actor=worker)
        plan = writes.create(CasePlan(case=old, number=1), actor=worker)
        goal = writes.create(
            Goal(case=old, plan=plan, domain="safety", description="Amina safe from Peter"),
            actor=worker,
        )
        writes.create(
            PlanAction(
                case=old,
                goal=goal,
                description="Talk to Peter's employer",
                responsible_user=worker,
                target_date=dt.date(2014, 4, 1),
            ),
            actor=worker,
        )
        brother = make_case(
            worker,
            child_fields={
                "given_name": "Brian",
                "family_name": "Okello",
                "sex": "male",
                "date_of_birth": dt.date(2010, 2, 1),
            },
            registration_date=clock.today(),
        )
    finally:
        clock.freeze(None)
    registry.relationship_add(actor=worker, person=brother.child, relative=mother, kind="mother")
    close(old, dt.date(2015, 1, 20))
    recent = close(make_case(worker, summary="Recent"), dt.date(2025, 5, 1))
    return {
        "old": old,
        "amina": amina,
        "mother": mother,
        "home": home,
        "brother": brother,
        "recent": recent,
    }


def run(dry_run=False):
    return retention.retention_run(actor=system_user(), dry_run=dry_run, today=TODAY)


def test_closed_before_counts_whole_years():
    assert retention.closed_before(dt.date(2026, 6, 1), 10) == dt.date(2016, 6, 1)
    assert retention.closed_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)


def test_plan_finds_old_closed_cases_only(world):
    found = retention.plan(today=TODAY)
    assert found.cases == [world["old"]]
    assert found.people == {world["amina"].pk}
    assert found.kept == {world["mother"].pk}  # Brian's mother too, with an open case


def test_dry_run_reports_and_changes_nothing(world):
    report = run(dry_run=True)
    assert report.dry_run and report.case_numbers == [world["old"].number]
    assert report.counts == {
        "cases": 1,
        "children": 1,
        "related_people": 0,
        "people_kept": 1,
        "households": 0,
    }
    old = Case.objects.get(pk=world["old"].pk)
    assert old.summary == SUMMARY and old.version == world["old"].version
    assert Person.objects.get(pk=world["amina"].pk).given_name == "Amina"
    assert not Anonymisation.objects.exists()
    event = AuditEvent.objects.get(action="retention.run")
    assert event.detail["dry_run"] is True and event.detail["cases"] == 1
    assert not AuditEvent.objects.filter(action="case.anonymise").exists()


def test_run_anonymises_the_child_and_clears_free_text(world, places):
    report = run()
    old = Case.objects.get(pk=world["old"].pk)
    amina = Person.objects.get(pk=world["amina"].pk)

    assert (amina.given_name, amina.family_name, amina.phone, amina.address) == (
        "Anonymised",
        "",
        "",
        "",
    )
    assert amina.date_of_birth == dt.date(world["amina"].date_of_birth.year, 7, 1)
    assert amina.birth_date_estimated and amina.sex == "female"
    assert amina.location == places["north_district"]
    assert not PersonIdentifier.objects.filter(person=amina).exists()

    # The case keeps what indicators count, and loses what tells its story.
    assert old.summary == "" and old.identified_by == ""
    assert old.location == places["north_district"]
    assert [c.code for c in old.concerns.all()] == ["neglect"]
    assert old.registration_date == THEN.date() and old.closed_on == dt.date(2015, 1, 20)
    assert old.risk_level == "medium" and old.status == "closed"
    assert old.consents.get().given_by_name == "" and old.consents.get().given
    assert CaseNote.objects.get(case=old).text == retention.REMOVED
    assert Goal.objects.get(case=old).description == retention.REMOVED
    assert PlanAction.objects.get(case=old).description == retention.REMOVED
    assert Goal.objects.get(case=old).domain == "safety"
    assert Assessment.objects.get(case=old).answers == {
        "situation": {"assessed_on": "2014-03-11", "child_seen": True},
        "risks": {
            "identified": [{"risk": "physical_abuse", "severity": "high"}],
            "risk_level": "high",
        },
    }
    assert report.counts["cases"] == 1 and report.counts["identifiers_removed"] == 1
    assert Anonymisation.objects.get().case == old
    assert AuditEvent.objects.filter(action="case.anonymise", case_id=old.pk).count() == 1
    run_event = AuditEvent.objects.get(action="retention.run")
    assert run_event.detail["dry_run"] is False and run_event.detail["records_cleared"] > 0


def test_people_with_a_live_case_keep_their_details(world):
    run()
    mother = Person.objects.get(pk=world["mother"].pk)
    assert mother.given_name == "Mercy" and mother.phone == "0772 999000"
    assert Person.objects.get(pk=world["brother"].child_id).given_name == "Brian"
    # ...but what was written about Amina through them goes.
    assert world["amina"].relationships.get().notes == ""
    assert Case.objects.get(pk=world["brother"].pk).status != "closed"
    assert Case.objects.get(pk=world["recent"].pk).summary == "Recent"


def test_related_people_and_households_go_when_nothing_keeps_them(world):
    close(world["brother"], dt.date(2015, 3, 1))
    run()
    mother = Person.objects.get(pk=world["mother"].pk)
    assert mother.given_name == "Anonymised" and mother.phone == ""
    home = world["home"].__class__.objects.get(pk=world["home"].pk)
    assert home.name == retention.ANONYMISED_HOUSEHOLD and home.address == ""
    assert Person.objects.get(pk=world["brother"].child_id).given_name == "Anonymised"


def test_notification_bodies_about_the_case_are_cleared(world, worker):
    Notification.objects.create(
        recipient=worker,
        kind="overdue",
        title=world["old"].number,
        body="Amina's visit",
        case_id=world["old"].pk,
    )
    run()
    assert Notification.objects.get().body == ""


def test_a_case_is_anonymised_once(world):
    run()
    again = run()
    assert again.counts["cases"] == 0 and again.case_numbers == []


def test_an_anonymised_case_cannot_be_reopened(world, supervisor):
    run()
    old = Case.objects.get(pk=world["old"].pk)
    with pytest.raises(Refused, match="anonymised"):
        case_reopen(actor=supervisor, case=old, reason="The child came back")
    assert old.reopenings.count() == 0
    assert Case.objects.get(pk=old.pk).status == Case.Status.CLOSED


def test_the_period_is_configured(world):
    Setting.objects.create(key="retention.years_after_closure", value=20)
    assert run().counts["cases"] == 0
    Setting.objects.filter(key="retention.years_after_closure").update(value=1)
    assert set(run().case_numbers) == {world["old"].number, world["recent"].number}


def test_needs_the_permission(world, worker, administrator):
    with pytest.raises(Forbidden):
        retention.retention_run(actor=worker, dry_run=True)
    assert retention.retention_run(actor=administrator, dry_run=True, today=TODAY).counts


def test_records_of_a_case_are_found_by_following_foreign_keys():
    paths = dict(retention.case_records())
    assert paths[CaseNote] == "case"
    assert paths[Assessment] == "case"
    assert Case not in paths and RetentionRun not in paths


def test_monthly_job_runs_as_the_system(world):
    retention.retention_monthly.call_local()
    assert RetentionRun.objects.get().created_by.username == "hearth-system"
    Setting.objects.create(key="retention.automatic", value=False)
    retention.retention_monthly.call_local()
    assert RetentionRun.objects.count() == 1
