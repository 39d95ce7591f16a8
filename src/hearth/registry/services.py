"""Every write to the registry. Each service checks the access policy, validates,
changes rows in one transaction and writes the audit event with it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.core import writes
from hearth.registry.models import (
    Household,
    HouseholdMember,
    IdentifierType,
    Person,
    PersonIdentifier,
    Relationship,
)

PERSON_FIELDS = frozenset(
    {
        "given_name", "family_name", "other_names", "sex", "date_of_birth",
        "birth_date_estimated", "has_disability", "disabilities", "nationality", "languages",
        "location", "address", "phone", "email", "date_of_death",
    }
)  # fmt: skip
HOUSEHOLD_FIELDS = frozenset({"name", "location", "address", "phone"})


def _assign(obj, fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(obj, name, value)


def birth_date_from_age(years: int, on: dt.date) -> dt.date:
    """An estimated date of birth for someone said to be `years` old on `on`:
    the middle of the possible range, so the age shown stays right for months."""
    try:
        birthday = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        birthday = on.replace(year=on.year - years, day=28)
    return birthday - dt.timedelta(days=182)


# --- persons ------------------------------------------------------------------------


@transaction.atomic
def person_create(*, actor, identifiers: list[dict] | None = None, **fields) -> Person:
    """Register a person. Identifiers given with them are checked and added in the
    same transaction: a bad one leaves nothing behind."""
    policy.require(actor, "person.create")
    person = Person(agency_id=actor.agency_id)
    _assign(person, fields, PERSON_FIELDS)
    writes.create(person, actor=actor)
    record_change(actor=actor, action="person.create", target=person, before=None)
    for identifier in identifiers or []:
        _identifier_add(actor=actor, person=person, **identifier)
    return person


@transaction.atomic
def person_update(
    *, actor, person: Person, expected_version: int | None = None, **fields
) -> Person:
    policy.require(actor, "person.edit", person)
    before = writes.snapshot(person)
    _assign(person, fields, PERSON_FIELDS)
    writes.update(person, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="person.update", target=person, before=before)
    return person


@transaction.atomic
def person_void(*, actor, person: Person, reason: str) -> Person:
    policy.require(actor, "person.void", person)
    before = writes.snapshot(person)
    writes.void(person, actor=actor, reason=reason)
    record_change(actor=actor, action="person.void", target=person, before=before)
    return person


# --- identifiers ----------------------------------------------------------------------


def _identifier_add(
    *,
    actor,
    person: Person,
    type: str | IdentifierType,
    value: str,
    issued_on: dt.date | None = None,
    issuer: str = "",
) -> PersonIdentifier:
    if not isinstance(type, IdentifierType):
        found = IdentifierType.objects.filter(code=type, is_active=True).first()
        if found is None:
            raise ValidationError({"type": _("Unknown identifier type “%(t)s”.") % {"t": type}})
        type = found
    identifier = PersonIdentifier(
        person=person, type=type, value=(value or "").strip(), issued_on=issued_on, issuer=issuer
    )
    writes.create(identifier, actor=actor)
    record_change(actor=actor, action="person.identifier_add", target=identifier, before=None)
    return identifier


@transaction.atomic
def identifier_add(
    *, actor, person: Person, type, value: str, issued_on: dt.date | None = None, issuer: str = ""
) -> PersonIdentifier:
    """Add an external identifier (A4). Unknown types and a number another person
    already holds for the same type are refused."""
    policy.require(actor, "person.edit", person)
    return _identifier_add(
        actor=actor, person=person, type=type, value=value, issued_on=issued_on, issuer=issuer
    )


@transaction.atomic
def identifier_void(*, actor, identifier: PersonIdentifier, reason: str) -> PersonIdentifier:
    policy.require(actor, "person.edit", identifier.person)
    before = writes.snapshot(identifier)
    writes.void(identifier, actor=actor, reason=reason)
    record_change(actor=actor, action="person.identifier_void", target=identifier, before=before)
    return identifier


# --- households --------------------------------------------------------------------------


@transaction.atomic
def household_create(*, actor, **fields) -> Household:
    policy.require(actor, "person.create")
    household = Household(agency_id=actor.agency_id)
    _assign(household, fields, HOUSEHOLD_FIELDS)
    writes.create(household, actor=actor)
    record_change(actor=actor, action="household.create", target=household, before=None)
    return household


@transaction.atomic
def household_update(
    *, actor, household: Household, expected_version: int | None = None, **fields
) -> Household:
    policy.require(actor, "person.edit", household)
    before = writes.snapshot(household)
    _assign(household, fields, HOUSEHOLD_FIELDS)
    writes.update(household, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="household.update", target=household, before=before)
    return household


@transaction.atomic
def household_member_add(
    *,
    actor,
    household: Household,
    person: Person,
    relation_to_head: str = HouseholdMember.Relation.OTHER_RELATIVE,
    is_primary_caregiver: bool = False,
    start_date: dt.date | None = None,
) -> HouseholdMember:
    policy.require(actor, "person.edit", household)
    policy.require(actor, "person.view", person)
    if (
        relation_to_head == HouseholdMember.Relation.HEAD
        and household.members.filter(
            relation_to_head=HouseholdMember.Relation.HEAD, end_date__isnull=True, is_voided=False
        ).exists()
    ):
        raise ValidationError(
            {"relation_to_head": _("This household already has a head. End that membership first.")}
        )
    member = HouseholdMember(
        household=household,
        person=person,
        relation_to_head=relation_to_head,
        is_primary_caregiver=is_primary_caregiver,
        start_date=start_date,
    )
    writes.create(member, actor=actor)
    record_change(actor=actor, action="household.member_add", target=member, before=None)
    return member


@transaction.atomic
def household_member_end(*, actor, member: HouseholdMember, end_date: dt.date) -> HouseholdMember:
    """A person left the household: the membership ends, it is not erased."""
    policy.require(actor, "person.edit", member.household)
    if member.end_date:
        raise ValidationError({"end_date": _("This membership has already ended.")})
    before = writes.snapshot(member)
    member.end_date = end_date
    writes.update(member, actor=actor)
    record_change(actor=actor, action="household.member_end", target=member, before=before)
    return member


# --- relationships ---------------------------------------------------------------------------


@transaction.atomic
def relationship_add(
    *,
    actor,
    person: Person,
    relative: Person,
    kind: str,
    is_caregiver: bool = False,
    lives_with: bool = False,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    notes: str = "",
) -> Relationship:
    """Link two people (A8): `relative` is the person's `kind` (mother, uncle...)."""
    policy.require(actor, "person.edit", person)
    policy.require(actor, "person.view", relative)
    relationship = Relationship(
        person=person,
        relative=relative,
        kind=kind,
        is_caregiver=is_caregiver,
        lives_with=lives_with,
        start_date=start_date,
        end_date=end_date,
        notes=notes,
    )
    writes.create(relationship, actor=actor)
    record_change(actor=actor, action="person.relationship_add", target=relationship, before=None)
    return relationship


@transaction.atomic
def relationship_end(*, actor, relationship: Relationship, end_date: dt.date) -> Relationship:
    policy.require(actor, "person.edit", relationship.person)
    if relationship.end_date:
        raise ValidationError({"end_date": _("This relationship has already ended.")})
    before = writes.snapshot(relationship)
    relationship.end_date = end_date
    writes.update(relationship, actor=actor)
    record_change(actor=actor, action="person.relationship_end", target=relationship, before=before)
    return relationship
