"""Every registry read users see, starting from the access policy's visible set."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from hearth.access import policy
from hearth.registry.models import (
    Household,
    HouseholdMember,
    Person,
    PersonIdentifier,
    Relationship,
)
from hearth.registry.names import identifier_key, tokens


def people(user, permission: str = "person.view") -> QuerySet[Person]:
    return policy.visible(user, Person, permission).filter(is_voided=False)


def households(user, permission: str = "person.view") -> QuerySet[Household]:
    return policy.visible(user, Household, permission).filter(is_voided=False)


def matching(qs: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People whose names start with every word typed (in any script, any accents,
    any case), or who hold an identifier equal to what was typed."""
    words = tokens(text)
    if not words:
        return qs
    by_name = Q()
    for word in words:
        by_name &= Q(search_name__contains=f" {word}")
    key = identifier_key(text)
    if len(key) >= 3:
        holds_id = Exists(
            PersonIdentifier.objects.filter(person=OuterRef("pk"), key=key, is_voided=False)
        )
        return qs.filter(by_name | Q(holds_id))
    return qs.filter(by_name)


def search_people(user, text: str = "") -> QuerySet[Person]:
    return matching(people(user), text).select_related("location")


def person_for(user, pk, permission: str = "person.view") -> Person:
    """One person with what their page shows, or NotFound."""
    qs = Person.objects.select_related("location", "agency", "created_by").prefetch_related(
        Prefetch(
            "identifiers",
            queryset=PersonIdentifier.objects.filter(is_voided=False).select_related("type"),
        ),
        Prefetch(
            "memberships",
            queryset=HouseholdMember.objects.filter(is_voided=False).select_related("household"),
        ),
        Prefetch(
            "relationships",
            queryset=Relationship.objects.filter(is_voided=False).select_related("relative"),
        ),
        Prefetch(
            "relatives_of",
            queryset=Relationship.objects.filter(is_voided=False).select_related("person"),
        ),
    )
    return policy.get_for(user, Person, pk, permission, seen_with="person.view", queryset=qs)


def household_for(user, pk, permission: str = "person.view") -> Household:
    qs = Household.objects.select_related("location").prefetch_related(
        Prefetch(
            "members",
            queryset=HouseholdMember.objects.filter(is_voided=False)
            .select_related("person")
            .order_by("end_date", "relation_to_head"),
        )
    )
    return policy.get_for(user, Household, pk, permission, seen_with="person.view", queryset=qs)


def caregivers_of(person: Person) -> list[Relationship]:
    """Current caregivers, from the relationships already loaded by person_for."""
    return [r for r in person.relationships.all() if r.is_caregiver and r.end_date is None]


def recent_people(user) -> dict:
    """For the start page: the people this user registered most recently."""
    recent = people(user).filter(created_by=user).order_by("-created_at")[:5]
    return {"recent_people": list(recent)}
