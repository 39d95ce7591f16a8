"""Households and their members over time (A8): one head at a time, people leave
without being erased."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.core.errors import Forbidden
from hearth.registry import queries, services
from hearth.registry.models import Household, HouseholdMember
from tests import factories

HEAD = HouseholdMember.Relation.HEAD


@pytest.fixture
def family(worker, places):
    household = factories.household(worker, location=places["north_village"])
    mother = factories.person(
        worker, given_name="Rose", date_of_birth=dt.date(1990, 4, 2), sex="female"
    )
    child = factories.person(worker)
    return household, mother, child


def join(actor, household, person, **extra):
    return services.household_member_add(actor=actor, household=household, person=person, **extra)


def test_register_a_household_and_add_members(worker, family):
    household, mother, child = family
    assert household.agency == worker.agency
    join(worker, household, mother, relation_to_head=HEAD, is_primary_caregiver=True)
    join(worker, household, child, relation_to_head="child", start_date=dt.date(2020, 1, 1))
    loaded = queries.household_for(worker, household.pk)
    assert {(m.person.given_name, m.relation_to_head) for m in loaded.members.all()} == {
        ("Rose", "head"),
        ("Amina", "child"),
    }


def test_only_one_head_at_a_time(worker, family):
    household, mother, child = family
    join(worker, household, mother, relation_to_head=HEAD)
    with pytest.raises(ValidationError) as caught:
        join(worker, household, child, relation_to_head=HEAD)
    assert caught.value.message_dict == {
        "relation_to_head": ["This household already has a head. End that membership first."]
    }
    assert household.members.count() == 1


def test_when_the_head_leaves_another_may_take_over(worker, family):
    household, mother, child = family
    head = join(worker, household, mother, relation_to_head=HEAD, start_date=dt.date(2015, 1, 1))
    services.household_member_end(actor=worker, member=head, end_date=dt.date(2025, 6, 30))
    join(worker, household, child, relation_to_head=HEAD)
    current = household.members.filter(end_date__isnull=True)
    assert [m.person for m in current] == [child]
    head.refresh_from_db()
    assert head.end_date == dt.date(2025, 6, 30)  # kept, as history


def test_a_membership_cannot_end_before_it_began_or_twice(worker, family):
    household, mother, _ = family
    member = join(worker, household, mother, start_date=dt.date(2020, 5, 1))
    with pytest.raises(ValidationError) as caught:
        services.household_member_end(actor=worker, member=member, end_date=dt.date(2020, 4, 30))
    assert caught.value.message_dict == {"end_date": ["The end date is before the start date."]}
    member.refresh_from_db()
    assert member.end_date is None
    services.household_member_end(actor=worker, member=member, end_date=dt.date(2021, 1, 1))
    with pytest.raises(ValidationError):
        services.household_member_end(actor=worker, member=member, end_date=dt.date(2022, 1, 1))


def test_a_person_is_a_current_member_once(worker, family):
    household, mother, _ = family
    first = join(worker, household, mother)
    with pytest.raises(ValidationError) as caught:
        join(worker, household, mother)
    assert "already a member" in str(caught.value)
    services.household_member_end(actor=worker, member=first, end_date=dt.date(2024, 1, 1))
    join(worker, household, mother, start_date=dt.date(2025, 1, 1))  # moved back in
    assert household.members.filter(person=mother).count() == 2


def test_a_future_start_is_refused(worker, family):
    from hearth.core import clock

    household, mother, _ = family
    with pytest.raises(ValidationError) as caught:
        join(worker, household, mother, start_date=clock.today() + dt.timedelta(days=2))
    assert "start_date" in caught.value.message_dict


def test_nobody_adds_a_person_they_cannot_see(worker, worker_elsewhere, family):
    household, _, _ = family
    stranger = factories.person(worker_elsewhere, given_name="Stranger")
    with pytest.raises(Forbidden):
        join(worker, household, stranger)
    with pytest.raises(Forbidden):
        join(worker_elsewhere, household, stranger)


def test_update_a_household(worker, family):
    household, _, _ = family
    services.household_update(actor=worker, household=household, name="Okello-Akena family")
    assert Household.objects.get(pk=household.pk).name == "Okello-Akena family"


def test_a_household_is_seen_through_a_member_one_can_see(worker, supervisor, manager, family):
    household, mother, _ = family
    join(worker, household, mother)
    for user in (worker, supervisor, manager):
        assert queries.households(user).filter(pk=household.pk).exists()
