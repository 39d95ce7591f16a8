"""External identifiers (A4): typed, checked, and unique per type."""

import pytest
from django.core.exceptions import ValidationError

from hearth.registry import queries, services
from hearth.registry.models import IdentifierType, Person, PersonIdentifier
from tests import factories

TAKEN = "Another person already has this number for this identifier type."


@pytest.fixture
def amina(worker):
    return factories.person(worker)


@pytest.fixture
def peter(worker):
    return factories.person(worker, given_name="Peter", sex="male")


def add(actor, person, value, type="national_id", **extra):
    return services.identifier_add(actor=actor, person=person, type=type, value=value, **extra)


def test_add_an_identifier(worker, amina):
    identifier = add(worker, amina, " CM 1234-567 ")
    assert identifier.value == "CM 1234-567"
    assert identifier.key == "CM1234567"
    assert identifier.type.code == "national_id"
    assert str(identifier) == "National ID: CM 1234-567"


def test_an_unknown_identifier_type_is_refused_clearly(worker, amina):
    with pytest.raises(ValidationError) as caught:
        add(worker, amina, "123", type="library_card")
    assert caught.value.message_dict == {"type": ["Unknown identifier type “library_card”."]}


def test_an_inactive_identifier_type_is_refused(worker, amina):
    IdentifierType.objects.filter(code="passport").update(is_active=False)
    with pytest.raises(ValidationError):
        add(worker, amina, "P1234567", type="passport")


def test_an_empty_number_is_refused(worker, amina):
    with pytest.raises(ValidationError) as caught:
        add(worker, amina, " - / ")
    assert "value" in caught.value.message_dict


@pytest.mark.parametrize("typed", ["CM1234567", "cm 1234 567", "CM-1234-567", " cm/1234.567 "])
def test_a_number_another_person_holds_for_that_type_is_refused(worker, amina, peter, typed):
    add(worker, amina, "CM 1234-567")
    with pytest.raises(ValidationError) as caught:
        add(worker, peter, typed)
    assert caught.value.messages == [TAKEN]
    assert not PersonIdentifier.objects.filter(person=peter).exists()


def test_the_same_number_of_another_type_is_fine(worker, amina, peter):
    add(worker, amina, "123456")
    add(worker, peter, "123456", type="refugee_id")
    assert PersonIdentifier.objects.filter(key="123456").count() == 2


def test_a_voided_identifier_frees_its_number(worker, amina, peter):
    first = add(worker, amina, "CM1234567")
    services.identifier_void(actor=worker, identifier=first, reason="typing error")
    add(worker, peter, "CM1234567")
    assert PersonIdentifier.objects.active().get(key="CM1234567").person == peter


def test_a_type_with_a_format_checks_it(worker, amina):
    IdentifierType.objects.create(
        code="nin", name="NIN", pattern=r"^[0-9]{8}$", format_hint="8 digits"
    )
    with pytest.raises(ValidationError) as caught:
        add(worker, amina, "1234567", type="nin")
    assert caught.value.message_dict == {
        "value": ["This number does not look right: expected 8 digits."]
    }
    assert add(worker, amina, "12345678", type="nin").key == "12345678"


def test_a_future_issue_date_is_refused(worker, amina):
    import datetime as dt

    from hearth.core import clock

    with pytest.raises(ValidationError) as caught:
        add(worker, amina, "CM1", issued_on=clock.today() + dt.timedelta(days=1))
    assert "issued_on" in caught.value.message_dict


def test_a_bad_identifier_at_registration_registers_nobody(worker, amina):
    add(worker, amina, "CM1234567")
    with pytest.raises(ValidationError):
        factories.person(
            worker,
            given_name="Grace",
            identifiers=[
                {"type": "birth_registration", "value": "BR-1"},
                {"type": "national_id", "value": "cm 1234567"},
            ],
        )
    assert not Person.objects.filter(given_name="Grace").exists()
    assert not PersonIdentifier.objects.filter(key="BR1").exists()


def test_only_those_who_may_edit_the_person_add_identifiers(worker_elsewhere, amina):
    from hearth.core.errors import Forbidden

    with pytest.raises(Forbidden):
        add(worker_elsewhere, amina, "CM99")


def test_search_by_identifier_number_uses_the_exact_key(worker, amina, peter):
    add(worker, amina, "BR-2019-00042", type="birth_registration")
    found = queries.search_people(worker, "br 2019 00042")
    assert list(found) == [amina]
    assert list(queries.search_people(worker, "BR201900042")) == [amina]
    assert list(queries.search_people(worker, "BR-2019-0004")) == []  # no partial numbers
