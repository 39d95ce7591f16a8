"""The care module alive in the demo: facilities and foster carers in the north and
around the lake, children of the demo caseworkers in foster, kinship and
residential care with gatekeeping, reviews and family contact; one child back home
with post-return visits; a placement waiting for a senior's approval; a relative
searching for a child; and the child population table."""

from __future__ import annotations

import datetime as dt

from hearth.audit.services import record_change
from hearth.care.population import import_population
from hearth.care.services import (
    arrangements,
    gatekeeping,
    placement,
    providers,
    reintegration,
    tracing,
)
from hearth.cases.models import LegalOrder
from hearth.cases.services import registration
from hearth.core import clock, writes
from hearth.places.models import Location
from hearth.registry import services as registry
from hearth.registry.models import Person

FAMILY_FIRST = ("kinship", "foster")
ASSESSMENT = {
    "family": {
        "visited_on": None,  # filled in with the day of the assessment
        "members": [{"name": "Mother", "relationship": "mother", "age": 36}],
        "why_separated": "The mother was in hospital for months; nobody else could care.",
    },
    "safety": {"causes_addressed": True, "protective_factors": "Mother recovered; aunt nearby."},
    "capacity": {
        "livelihood": "some_concern",
        "housing": "no_concern",
        "caregiver_health": "no_concern",
    },
    "wishes": {"family_wants_child": True, "child_wishes": "Wants to go home to her mother."},
    "support": {"needs": ["livelihood", "education"], "details": "School fees for a year."},
}


def _day(days_ago: int) -> dt.date:
    return clock.today() - dt.timedelta(days=days_ago)


def _area(code: str) -> Location:
    return Location.objects.get(code=code)


def build(users: dict) -> dict:
    """Needs the demo users and children; returns what it made, for the tests."""
    admin, manager = users["admin"], users["manager"]
    facilities = _facilities(admin)
    carers = _foster_carers(manager, users["worker"])
    children = _children(users)
    made: dict = {"facilities": facilities, "carers": carers, "cases": []}
    if len(children) < 7:
        return made
    scenarios = [
        _fostered,
        _residential,
        _group_home,
        _emergency,
        _poverty_only,
        _reunited,
        _kinship,
    ]
    for scenario, (worker, child) in zip(scenarios, children, strict=False):
        case = registration.case_register(
            actor=worker,
            child=child,
            registration_date=_day(220),
            identified_how="community",
            concerns=["neglect"],
            risk_level="medium",
            location=child.location,
            consent={"given": True, "given_by": "caregiver", "child_assent": "agrees"},
        )
        scenario(worker, case, facilities, carers)
        made["cases"].append(case)
    _tracing(users["worker"], made["cases"][1])
    _population(admin)
    return made


def _facilities(admin) -> dict:
    def make(key, name, kind, area, capacity, licence_days, **extra):
        licence = {}
        if licence_days is not None:
            licence = {
                "licence_number": f"LIC-{area}-{capacity}",
                "licence_expires_on": clock.today() + dt.timedelta(days=licence_days),
            }
        return key, providers.facility_create(
            actor=admin,
            name=name,
            kind=kind,
            location=_area(area),
            capacity=capacity,
            registration_number=f"REG-{area}",
            contact_name="Matron",
            phone="+256 700 000000",
            **licence,
            **extra,
        )

    found = dict(
        [
            make("home", "Kaliro Children's Home", "institution", "R1D1S1", 30, 400,
                 operator="Kaliro Mission"),
            make("group", "Mbeni Small Group Home", "small_group_home", "R1D2S1", 8, 200),
            make("transit", "Tosha Transit Centre", "transit_centre", "R1D3S1", 12, 30),
            make("village", "Amani Children's Village", "institution", "R2D1S1", 40, -20),
            make("shelter", "Sereko Safe House", "shelter", "R2D2S1", 6, None),
        ]
    )  # fmt: skip
    for sex, low, high, places in (("female", 0, 11, 12), ("male", 0, 11, 12), ("any", 12, 17, 6)):
        providers.capacity_band_add(
            actor=admin, facility=found["home"], sex=sex, age_from=low, age_to=high, places=places
        )
    providers.inspection_record(
        actor=admin,
        facility=found["home"],
        inspected_on=_day(45),
        inspector="District probation officer",
        findings="Clean and safe; too few carers at night for the youngest children.",
        rating="improve",
        actions=[{"description": "Add a second night carer", "due_on": _day(-15)}],
    )
    return found


def _foster_carers(manager, worker) -> list:
    carers = []
    for name, area in (
        ("Nakato foster family", "R1D1S2"),
        ("Byaruhanga foster family", "R1D2S2"),
        ("Wekesa foster family", "R1D1S3"),
    ):
        household = registry.household_create(
            actor=worker, name=name, location=_area(area), address="Near the health centre"
        )
        carers.append(
            providers.foster_carer_create(
                actor=manager,
                household=household,
                approval_number=f"FC-{area}",
                approved_on=_day(500),
                approval_expires_on=clock.today() + dt.timedelta(days=230),
                capacity=2,
                location=_area(area),
                agency=manager.agency,
            )
        )
    return carers


def _children(users) -> list[tuple]:
    """Children of the demo caseworkers without a case yet, the main demo
    caseworker's first."""
    out = []
    for username in ("worker", "worker2", "worker3", "ngo_worker"):
        worker = users[username]
        kids = Person.objects.filter(
            created_by=worker,
            memberships__relation_to_head="child",
            is_voided=False,
            cases__isnull=True,  # children the casework demo left without a case
        ).order_by("created_at")
        out += [(worker, kid) for kid in kids if kid.age() is not None and 1 <= kid.age() < 16]
    return out


def _decide(worker, case, day, recommended, options=FAMILY_FIRST):
    return gatekeeping.gatekeeping_record(
        actor=worker,
        case=case,
        assessed_on=day - dt.timedelta(days=3),
        decided_on=day,
        body="panel",
        body_name="District gatekeeping panel",
        options=[{"care_type": code} for code in dict.fromkeys([*options, recommended])],
        decision="place",
        recommended_care_type=recommended,
        rationale="No relative able to care safely for now; the child needs a family setting.",
        child_consulted=True,
        child_views="Wants to stay in the same school.",
        parents_consulted=True,
    )


def _place(worker, case, care_type, day, **fields):
    return arrangements.arrangement_start(
        actor=worker,
        case=case,
        care_type=care_type,
        start_date=day,
        legal_basis=fields.pop("legal_basis", "administrative"),
        decided_by=fields.pop("decided_by", "District gatekeeping panel"),
        reasons=fields.pop("reasons", ["neglect"]),
        **fields,
    )


def _review(worker, arrangement, day, decision="continue"):
    return placement.placement_review_record(
        actor=worker,
        arrangement=arrangement,
        held_on=day,
        participants="The child, the carer, the caseworker",
        child_participated=True,
        child_views="Likes the family; misses her brother.",
        findings="Settled, going to school.",
        decision=decision,
    )


def _contact(worker, arrangement, day, method="family_visit"):
    placement.family_contact_record(
        actor=worker,
        arrangement=arrangement,
        contact_on=day,
        with_whom="Mother",
        method=method,
        initiated_by="family",
    )


def _fostered(worker, case, facilities, carers):
    _decide(worker, case, _day(150), "foster")
    a = _place(worker, case, "foster", _day(150), foster_carer=carers[0])
    _review(worker, a, _day(60))
    _contact(worker, a, _day(40))
    _contact(worker, a, _day(10), "call")
    arrangements.arrangement_care_plan_set(
        actor=worker, arrangement=a, note="Foster care while the mother completes treatment."
    )


def _residential(worker, case, facilities, carers):
    # No court service in the care module: the order as the court papers give it.
    order = LegalOrder(
        case=case,
        kind="care",
        court="Kaliro Family Court",
        number="FC/118/2026",
        issued_on=_day(185),
        expires_on=clock.today() + dt.timedelta(days=20),
    )
    writes.create(order, actor=worker)
    record_change(actor=worker, action="case.legal_order_record", target=order, before=None)
    _decide(worker, case, _day(180), "institution", ("kinship", "foster", "small_group_home"))
    a = _place(
        worker, case, "institution", _day(180), facility=facilities["home"], legal_basis="court",
        legal_order=order, reasons=["abuse"], decided_by="Kaliro Family Court",
    )  # fmt: skip
    _review(worker, a, _day(100))  # the next one is overdue


def _group_home(worker, case, facilities, carers):
    _decide(worker, case, _day(30), "small_group_home", ("kinship", "foster"))
    _place(worker, case, "small_group_home", _day(30), facility=facilities["group"])


def _emergency(worker, case, facilities, carers):
    _place(worker, case, "foster", _day(1), foster_carer=carers[1], is_emergency=True)


def _poverty_only(worker, case, facilities, carers):
    _decide(worker, case, _day(5), "institution")
    _place(
        worker, case, "institution", _day(5), facility=facilities["transit"], reasons=["poverty"],
        safeguard_note="The family has no food; the mother asked for the child to be taken in.",
    )  # fmt: skip


def _reunited(worker, case, facilities, carers):
    _decide(worker, case, _day(200), "foster")
    a = _place(worker, case, "foster", _day(200), foster_carer=carers[2])
    _contact(worker, a, _day(150))
    _review(worker, a, _day(110), "reintegrate")
    plan = reintegration.reintegration_plan_create(
        actor=worker, case=case, family="Mother", goal="Return home with school support."
    )
    answers = {**ASSESSMENT, "family": {**ASSESSMENT["family"], "visited_on": _day(95).isoformat()}}
    reintegration.family_assessment_record(
        actor=worker,
        plan=plan,
        answers=answers,
        assessed_on=_day(95),
        recommendation="with_support",
    )
    task = reintegration.reintegration_task_add(
        actor=worker, plan=plan, responsible="Caseworker", description="Pay the school fees",
        due_on=_day(75),
    )  # fmt: skip
    reintegration.reintegration_task_done(actor=worker, task=task, done_on=_day(76))
    visits = reintegration.reintegration_return(
        actor=worker, plan=plan, returned_on=_day(60), decided_by="Caseworker and supervisor"
    )
    reintegration.reintegration_visit_record(
        actor=worker, visit=visits[0], done_on=_day(45), contact="in_person", child_seen=True,
        observations="At home with her mother, back at school.", living_at_home=True,
        wellbeing="well",
    )  # fmt: skip


def _kinship(worker, case, facilities, carers):
    _place(worker, case, "kinship", _day(300), legal_basis="none", reasons=["orphaned"],
           provider_details="Grandmother", decided_by="The family")  # fmt: skip


def _tracing(worker, case):
    """A relative searching for the child in the children's home (tracing consent given)."""
    registration.consent_record(
        actor=worker, case=case, kind="tracing", given=True, given_by="child", child_assent="agrees"
    )
    child = case.child
    tracing.tracing_request_create(
        actor=worker,
        kind="child_sought",
        enquirer_name="An aunt",
        enquirer_relation="aunt",
        sought_given_name=child.given_name,
        sought_family_name=child.family_name,
        sought_sex=child.sex,
        sought_age=child.age(),
        last_seen_location=case.location,
        location=case.location,
        circumstances="Lost contact after the mother's death.",
    )


def _population(admin) -> None:
    lines = ["area_code,year,sex,age_from,age_to,count"]
    year = clock.today().year
    for district in Location.objects.filter(depth=2).order_by("code"):
        base = 4000 + 300 * (sum(map(ord, district.code)) % 7)
        for sex in ("female", "male"):
            for low, high, share in ((0, 4, 30), (5, 9, 28), (10, 14, 26), (15, 17, 16)):
                lines.append(f"{district.code},{year},{sex},{low},{high},{base * share // 10}")
    result = import_population(actor=admin, text="\n".join(lines) + "\n", dry_run=False)
    if not result.ok:
        raise ValueError(result.errors)
