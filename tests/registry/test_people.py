"""Registering, changing and voiding people through the services."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.core import clock
from hearth.core.errors import Conflict, Forbidden, HearthError
from hearth.registry import queries, services
from hearth.registry.models import Person
from tests import factories


def test_register_a_person(worker, places):
    child = factories.person(worker, location=places["north_village"])
    stored = Person.objects.get(pk=child.pk)
    assert stored.full_name == "Amina Okello"
    assert stored.agency == worker.agency  # the registering agency is the worker's
    assert stored.created_by == worker
    assert stored.age() == 8 or stored.age() == 9
    event = AuditEvent.objects.get(action="person.create", object_id=str(child.pk))
    assert event.actor_id == worker.pk
    assert event.changes["given_name"] == [None, "Amina"]


def test_a_date_of_birth_in_the_future_is_refused_on_its_field(worker):
    tomorrow = clock.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        factories.person(worker, date_of_birth=tomorrow)
    assert caught.value.message_dict == {
        "date_of_birth": ["The date of birth cannot be in the future."]
    }
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="person.create").exists()


def test_dates_of_death_are_checked(worker):
    with pytest.raises(ValidationError) as caught:
        factories.person(
            worker, date_of_birth=dt.date(2015, 5, 1), date_of_death=dt.date(2014, 1, 1)
        )
    assert "date_of_death" in caught.value.message_dict


def test_kinds_of_disability_need_a_yes(worker):
    with pytest.raises(ValidationError) as caught:
        factories.person(worker, disabilities=["walking"])
    assert "has_disability" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        factories.person(worker, has_disability="yes", disabilities=["flying"])
    assert "disabilities" in caught.value.message_dict
    person = factories.person(worker, has_disability="yes", disabilities=["walking", "seeing"])
    assert person.get_disabilities_display() == "Walking or climbing, Seeing"


def test_unknown_fields_are_refused(worker):
    with pytest.raises(ValidationError):
        factories.person(worker, favourite_colour="blue")
    assert not Person.objects.exists()


@pytest.mark.parametrize("years", [0, 1, 9, 17, 60])
def test_an_age_in_years_becomes_an_estimated_birth_date(years):
    on = dt.date(2026, 7, 15)
    born = services.birth_date_from_age(years, on)
    assert Person(date_of_birth=born).age(on) == years
    # the middle of the possible year: still that age for months either way
    assert Person(date_of_birth=born).age(on + dt.timedelta(days=150)) == years
    assert Person(date_of_birth=born).age(on - dt.timedelta(days=150)) in (years, years - 1)


def test_an_age_on_29_february():
    born = services.birth_date_from_age(3, dt.date(2028, 2, 29))
    assert born == dt.date(2025, 2, 28) - dt.timedelta(days=182)


def test_only_people_with_the_permission_register(auditor, administrator):
    for actor in (auditor, administrator):
        with pytest.raises(Forbidden):
            factories.person(actor)
    assert not Person.objects.exists()


def test_update_changes_fields_and_bumps_the_version(worker):
    child = factories.person(worker)
    services.person_update(actor=worker, person=child, given_name="Aminah", phone="0700 111222")
    stored = Person.objects.get(pk=child.pk)
    assert (stored.given_name, stored.phone, stored.version) == ("Aminah", "0700 111222", 2)
    assert stored.search_name == " aminah okello "
    event = AuditEvent.objects.get(action="person.update")
    assert event.changes == {"given_name": ["Amina", "Aminah"], "phone": ["", "0700 111222"]}


def test_an_update_from_a_stale_version_is_a_conflict(worker):
    child = factories.person(worker)
    stale = Person.objects.get(pk=child.pk)
    services.person_update(actor=worker, person=child, given_name="Aminah")
    with pytest.raises(Conflict):
        services.person_update(actor=worker, person=stale, family_name="Odongo")
    assert Person.objects.get(pk=child.pk).family_name == "Okello"


def test_an_update_validates(worker):
    child = factories.person(worker)
    with pytest.raises(ValidationError):
        services.person_update(
            actor=worker, person=child, date_of_birth=clock.today() + dt.timedelta(days=3)
        )
    assert Person.objects.get(pk=child.pk).version == 1


def test_nobody_changes_a_person_they_cannot_see(worker, worker_elsewhere):
    child = factories.person(worker)
    with pytest.raises(Forbidden):
        services.person_update(actor=worker_elsewhere, person=child, given_name="X")
    assert Person.objects.get(pk=child.pk).given_name == "Amina"


def test_void_hides_the_person_and_keeps_the_row(worker, supervisor):
    child = factories.person(worker)
    with pytest.raises(Forbidden):  # caseworkers do not void
        services.person_void(actor=worker, person=child, reason="duplicate")
    with pytest.raises(HearthError):
        services.person_void(actor=supervisor, person=child, reason="")
    services.person_void(actor=supervisor, person=child, reason="Registered twice")
    stored = Person.objects.get(pk=child.pk)
    assert stored.is_voided and stored.void_reason == "Registered twice"
    assert not queries.people(worker).filter(pk=child.pk).exists()
    assert AuditEvent.objects.filter(action="person.void", object_id=str(child.pk)).exists()
