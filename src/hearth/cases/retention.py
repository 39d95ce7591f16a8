"""The retention policy (B9): cases closed longer ago than
"retention.years_after_closure" (10 years by default) are anonymised.

What goes:
- the child's names, identifiers (the rows are deleted), contacts and address;
  the date of birth keeps its year only (1 July of it, marked estimated);
- every free-text field of the case and of every record that belongs to it
  (notes, summaries, observations, reasons, comments...), whichever app made the
  record: they are found from the foreign keys that lead to the case;
- named fields (declared at "identifying" level or above) of those records;
- answers to form questions above level 0 (basic), and free-text answers;
- the same for caregivers, relatives and household members of the child who have
  no other open or recent case; a household none of whose members is kept loses
  its name, address and phone.

What stays, for the aggregate indicators: sex, year of birth, disability, the area
coarsened to "retention.location_depth" (districts by default), protection
concerns, risk, the dates of registration, assessment, plans, services, reviews
and closure, care arrangement types and dates, outcomes and every coded answer.

Nothing else is deleted. A dry run finds the same and writes only its report.
Every run is an audit event ("retention.run" with the counts), and so is each
anonymised case ("case.anonymise"); the audit trail itself is never rewritten."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.access import policy, sensitivity
from hearth.audit.services import record
from hearth.cases import child_facts
from hearth.cases.models import Anonymisation, Case, RetentionRun
from hearth.core import clock, config, writes
from hearth.forms import schema as form_schema
from hearth.places.models import Location
from hearth.registry.models import (
    Household,
    HouseholdMember,
    Person,
    PersonIdentifier,
    Relationship,
)

config.register(
    "retention.years_after_closure",
    10,
    _("Years after closure when a case is anonymised by the retention policy."),
)
config.register(
    "retention.location_depth",
    2,
    _("The level of the location hierarchy an anonymised case keeps (2: the second level)."),
)
config.register(
    "retention.automatic",
    True,
    _("Run the retention policy by itself on the first of every month."),
)

ANONYMISED_NAME = "Anonymised"
ANONYMISED_HOUSEHOLD = "Anonymised household"
REMOVED = "—"  # what a required text field holds once cleared
MAX_PATH = 3  # foreign-key steps from a record to its case

# Named fields that are not declared sensitive but point at the child all the same.
_also_clear: dict[str, set[str]] = {"cases.legalorder": {"number"}}


def also_clear(model_label: str, *fields: str) -> None:
    """Let an app name more fields of its case records for the policy to clear."""
    _also_clear.setdefault(model_label, set()).update(fields)


@dataclass
class Plan:
    years: int
    closed_before: dt.date
    cases: list = field(default_factory=list)
    people: set = field(default_factory=set)  # person ids to anonymise
    kept: set = field(default_factory=set)  # connected people who keep their details
    households: set = field(default_factory=set)

    @property
    def case_ids(self) -> list:
        return [c.pk for c in self.cases]

    def counts(self) -> dict:
        children = {c.child_id for c in self.cases}
        return {
            "cases": len(self.cases),
            "children": len(children & self.people),
            "related_people": len(self.people - children),
            "people_kept": len(self.kept),
            "households": len(self.households),
        }


def closed_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# --- finding what is due ---------------------------------------------------------------


def _neighbours(person_ids: set) -> tuple[dict, dict]:
    """(person id -> the people linked to them by a relationship or a shared
    household, household id -> its members) around `person_ids`."""
    near: dict = defaultdict(set)
    for a, b in Relationship.objects.filter(
        Q(person_id__in=person_ids) | Q(relative_id__in=person_ids), is_voided=False
    ).values_list("person_id", "relative_id"):
        near[a].add(b)
        near[b].add(a)
    theirs = HouseholdMember.objects.filter(person_id__in=person_ids, is_voided=False)
    households: dict = defaultdict(set)
    for household, person in HouseholdMember.objects.filter(
        household_id__in=theirs.values("household_id"), is_voided=False
    ).values_list("household_id", "person_id"):
        households[household].add(person)
    for members in households.values():
        for person in members:
            near[person] |= members - {person}
    return near, households


def plan(*, today: dt.date | None = None) -> Plan:
    """What the policy would do today: the cases due, and the people and households
    to anonymise with them. A child, caregiver, relative or household member who
    is, or is linked to, the child of an open or recently closed case keeps their
    details."""
    years = int(config.get("retention.years_after_closure"))
    cutoff = closed_before(today or clock.today(), years)
    result = Plan(years=years, closed_before=cutoff)
    result.cases = list(
        Case.objects.filter(
            status=Case.Status.CLOSED, closed_on__lt=cutoff, anonymisation__isnull=True
        ).order_by("closed_on", "number")
    )
    if not result.cases:
        return result
    children = {c.child_id for c in result.cases}
    near, households = _neighbours(children)
    candidates = children.union(*(near[c] for c in children))
    near, _ = _neighbours(candidates)
    pool = candidates.union(*(near[p] for p in candidates))
    live = (
        Case.objects.filter(is_voided=False, child_id__in=pool)
        .exclude(pk__in=result.case_ids)
        .filter(~Q(status=Case.Status.CLOSED) | Q(closed_on__gte=cutoff))
    )
    live_children = set(live.values_list("child_id", flat=True))
    result.kept = {p for p in candidates if p in live_children or near[p] & live_children}
    result.people = candidates - result.kept
    result.households = {h for h, members in households.items() if not members & result.kept}
    return result


# --- what belongs to a case ------------------------------------------------------------


def case_records() -> list[tuple[type[models.Model], str]]:
    """(model, lookup to the case id) for every kind of record that belongs to a
    case, found by following foreign keys, so records other apps add later are
    covered without a change here."""
    found: dict[type[models.Model], str] = {}
    frontier: dict[type[models.Model], str] = {Case: "pk"}
    for _step in range(MAX_PATH):
        following: dict[type[models.Model], str] = {}
        for model in apps.get_models():
            if model is Case or model in found:
                continue
            for f in model._meta.get_fields():
                target = getattr(f, "related_model", None)
                if not (f.many_to_one or f.one_to_one) or not f.concrete or target not in frontier:
                    continue
                via = frontier[target]
                following[model] = f.name if via == "pk" else f"{f.name}__{via}"
                break
        found.update(following)
        frontier = following
    return list(found.items())


def _fields_to_clear(model: type[models.Model]) -> list[models.Field]:
    label = model._meta.label_lower
    extra = _also_clear.get(label, set())
    chosen = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.choices:
            continue
        level = sensitivity.level_of(label, f.name)
        free_text = isinstance(f, models.TextField)
        named = isinstance(f, models.CharField) and (
            f.name in extra or level >= sensitivity.Level.IDENTIFYING
        )
        if free_text or named:
            chosen.append(f)
    return chosen


def _cleared(f: models.Field):
    return "" if f.blank else REMOVED


def _bookkeeping(model, actor, now) -> dict:
    names = {f.name for f in model._meta.concrete_fields}
    values = {}
    if "version" in names:
        values["version"] = F("version") + 1
    if "updated_at" in names:
        values["updated_at"] = now
    if "updated_by" in names:
        values["updated_by"] = actor
    return values


FREE_TEXT_QUESTIONS = {"text", "long_text"}


def basic_answers(version, answers) -> dict:
    """Answers with only the coded ones (choices, yes/no, numbers, dates) to
    questions at level 0 (basic) kept: free text goes whatever its level."""
    if not isinstance(answers, dict):
        return {}
    code = version.definition.code

    def level(path, spec):
        if spec.get("type") in FREE_TEXT_QUESTIONS:
            return sensitivity.Level.RESTRICTED
        return sensitivity.question_level(code, path, spec.get("sensitivity", 0))

    kept = {}
    for section in form_schema.sections(version.schema):
        given = answers.get(section["key"])
        if not isinstance(given, dict):
            continue
        out = {}
        for spec in section.get("fields", []):
            path = f"{section['key']}.{spec['key']}"
            if spec["key"] not in given or level(path, spec) > 0:
                continue
            value = given[spec["key"]]
            if spec.get("type") == "repeating_group" and isinstance(value, list):
                members = [m for m in spec.get("fields", []) if level(f"{path}.{m['key']}", m) == 0]
                value = [
                    {m["key"]: row[m["key"]] for m in members if m["key"] in row}
                    for row in value
                    if isinstance(row, dict)
                ]
            out[spec["key"]] = value
        if out:
            kept[section["key"]] = out
    return kept


# --- doing it --------------------------------------------------------------------------


class _Coarse:
    """The ancestor of a location at the depth anonymised records keep."""

    def __init__(self):
        self.depth = int(config.get("retention.location_depth"))
        self.cache: dict = {}

    def __call__(self, location_id):
        if location_id is None:
            return None
        if location_id not in self.cache:
            loc = Location.objects.filter(pk=location_id).first()
            if loc is None or loc.depth <= self.depth:
                self.cache[location_id] = location_id
            else:
                code = getattr(loc, f"level_{self.depth}")
                above = Location.objects.filter(code=code).values_list("pk", flat=True).first()
                self.cache[location_id] = above or location_id
        return self.cache[location_id]


def _year_only(birth: dt.date | None, not_after: dt.date | None) -> dt.date | None:
    if birth is None:
        return None
    kept = dt.date(birth.year, 7, 1)
    if not_after and kept > not_after:
        kept = dt.date(birth.year, 1, 1)
    return kept


def _anonymise_people(ids: set, actor, now, coarse) -> int:
    first_case = dict(
        Case.objects.filter(child_id__in=ids)
        .order_by("registration_date")
        .values_list("child_id", "registration_date")
    )
    for person in Person.objects.filter(pk__in=ids):
        Person.objects.filter(pk=person.pk).update(
            given_name=ANONYMISED_NAME,
            family_name="",
            other_names="",
            address="",
            phone="",
            email="",
            search_name=" ",
            void_reason="",
            date_of_birth=_year_only(person.date_of_birth, first_case.get(person.pk)),
            birth_date_estimated=person.date_of_birth is not None,
            location=coarse(person.location_id),
            **_bookkeeping(Person, actor, now),
        )
    # The date of birth kept is coarser: the cases' copy follows (written past save).
    child_facts.refresh(ids)
    removed, _detail = PersonIdentifier.objects.filter(person_id__in=ids).delete()
    return removed


def _clear_case_records(case_ids: list, actor, now, coarse) -> tuple[int, int]:
    rows = answers = 0
    for case in Case.objects.filter(pk__in=case_ids).only("pk", "location_id"):
        Case.objects.filter(pk=case.pk).update(location=coarse(case.location_id))
    records: list[tuple[type[models.Model], str]] = [(Case, "pk"), *case_records()]
    for model, path in records:
        qs = model._base_manager.filter(**{f"{path}__in": case_ids})
        fields = _fields_to_clear(model)
        if fields:
            rows += qs.update(
                **{f.attname: _cleared(f) for f in fields}, **_bookkeeping(model, actor, now)
            )
        names = {f.name for f in model._meta.concrete_fields}
        if {"answers", "form_version"} <= names:
            for row in qs.select_related("form_version__definition"):
                given = getattr(row, "answers", None)
                kept = basic_answers(getattr(row, "form_version", None), given)
                if kept != given:
                    model._base_manager.filter(pk=row.pk).update(answers=kept)
                    answers += 1
    from hearth.notify.models import Notification

    # Notifications name the case by number only, but their bodies carry comments.
    Notification.objects.filter(case_id__in=case_ids).update(body="")
    return rows, answers


def _apply(found: Plan, run: RetentionRun, actor) -> dict:
    now = clock.now()
    coarse = _Coarse()
    children = {c.child_id for c in found.cases}
    rows, answers = _clear_case_records(found.case_ids, actor, now, coarse)
    identifiers = _anonymise_people(found.people, actor, now, coarse)
    touching = Q(person_id__in=found.people | children) | Q(relative_id__in=found.people)
    Relationship.objects.filter(touching).update(
        notes="", void_reason="", **_bookkeeping(Relationship, actor, now)
    )
    for household in Household.objects.filter(pk__in=found.households):
        Household.objects.filter(pk=household.pk).update(
            name=ANONYMISED_HOUSEHOLD,
            address="",
            phone="",
            void_reason="",
            location=coarse(household.location_id),
            **_bookkeeping(Household, actor, now),
        )
    Anonymisation.objects.bulk_create(
        [Anonymisation(case=case, run=run, at=now) for case in found.cases]
    )
    for case in found.cases:
        record(actor=actor, action="case.anonymise", target=case, detail={"run": str(run.pk)[:8]})
    return {"identifiers_removed": identifiers, "records_cleared": rows, "answers_cut": answers}


@transaction.atomic
def retention_run(*, actor, dry_run: bool, today: dt.date | None = None) -> RetentionRun:
    """Run the retention policy (or only report what it would do). All of it
    happens in one transaction: a case is anonymised entirely or not at all."""
    policy.require(actor, "retention.run")
    found = plan(today=today)
    run = RetentionRun(
        dry_run=dry_run,
        years=found.years,
        closed_before=found.closed_before,
        counts=found.counts(),
        case_numbers=[c.number for c in found.cases],
    )
    writes.create(run, actor=actor)
    if not dry_run and found.cases:
        run.counts = {**run.counts, **_apply(found, run, actor)}
    run.finished_at = clock.now()
    writes.update(run, actor=actor)
    record(
        actor=actor,
        action="retention.run",
        target=run,
        detail={
            "dry_run": dry_run,
            "years": found.years,
            "closed_before": found.closed_before.isoformat(),
            **run.counts,
        },
    )
    return run


# The first of every month at 02:30 (huey reads crontabs in UTC), outside working hours.
@db_periodic_task(crontab(day="1", hour="2", minute="30"))
def retention_monthly():
    if not config.get("retention.automatic"):
        return
    from hearth.accounts.system import system_user

    retention_run(actor=system_user(), dry_run=False)
