"""Relationships between people (A8), with dates; caregivers are relationships too."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.registry import queries, services
from hearth.registry.models import Relationship
from tests import factories


@pytest.fixture
def child(worker):
    return factories.person(worker, given_name="Tendo", sex="male")


@pytest.fixture
def mother(worker):
    return factories.person(worker, given_name="Rose", date_of_birth=dt.date(1988, 1, 9))


def link(actor, person, relative, kind="mother", **extra):
    return services.relationship_add(
        actor=actor, person=person, relative=relative, kind=kind, **extra
    )


def test_link_a_caregiver(worker, child, mother):
    rel = link(worker, child, mother, is_caregiver=True, lives_with=True)
    assert str(rel) == "Rose Okello (Mother) of Tendo Okello"
    loaded = queries.person_for(worker, child.pk)
    assert [r.relative for r in queries.caregivers_of(loaded)] == [mother]


def test_a_person_is_not_their_own_relative(worker, child):
    with pytest.raises(ValidationError) as caught:
        link(worker, child, child)
    assert caught.value.message_dict == {"relative": ["A person cannot be their own relative."]}
    assert not Relationship.objects.exists()


def test_an_end_before_the_start_is_refused(worker, child, mother):
    with pytest.raises(ValidationError) as caught:
        link(
            worker,
            child,
            mother,
            start_date=dt.date(2020, 3, 1),
            end_date=dt.date(2019, 12, 31),
        )
    assert caught.value.message_dict == {"end_date": ["The end date is before the start date."]}


def test_ending_a_relationship_keeps_it_but_not_as_current_caregiver(worker, child, mother):
    rel = link(worker, child, mother, is_caregiver=True, start_date=dt.date(2019, 1, 1))
    services.relationship_end(actor=worker, relationship=rel, end_date=dt.date(2024, 8, 1))
    loaded = queries.person_for(worker, child.pk)
    assert queries.caregivers_of(loaded) == []
    assert [r.end_date for r in loaded.relationships.all()] == [dt.date(2024, 8, 1)]
    with pytest.raises(ValidationError):
        services.relationship_end(actor=worker, relationship=rel, end_date=dt.date(2024, 9, 1))
    with pytest.raises(ValidationError):
        services.relationship_end(
            actor=worker,
            relationship=link(
                worker, child, mother, kind="guardian", start_date=dt.date(2022, 1, 1)
            ),
            end_date=dt.date(2021, 1, 1),
        )


def test_an_unknown_kind_is_refused(worker, child, mother):
    with pytest.raises(ValidationError) as caught:
        link(worker, child, mother, kind="godparent")
    assert "kind" in caught.value.message_dict


def test_a_relative_must_be_visible(worker, worker_elsewhere, child):
    from hearth.core.errors import Forbidden

    stranger = factories.person(worker_elsewhere, given_name="Stranger")
    with pytest.raises(Forbidden):
        link(worker, child, stranger, kind="aunt_uncle")
