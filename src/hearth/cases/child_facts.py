"""The child's sex, date of birth and disability, kept on each case about them.

Indicators break cases, and the rows that belong to cases (services, referrals,
assessments...), down by the child's sex, age group and disability. Read from
the person, every case was joined with its child: at a million cases that join
was half the time of an indicator crossed by sex, age group and area. So the
case carries a copy of those three facts, always equal to the person's own:

- a case that gets a new child (registered, or moved to another child) copies
  them (`Case.save`, and `_case_written` after `writes.update`);
- a person written copies them to every case about them (`_person_written`,
  after `writes.create`/`update` and after any other `save`);
- a write past both (the retention job's anonymisation, a queryset update) calls
  `refresh` for the persons it changed;
- nothing else writes the copy: `writes.update` and `Case.save` leave it out
  (`Case.DERIVED_FIELDS`), so a case read before its child changed cannot put
  the old values back.

The copy is bookkeeping, like the case's deadlines: the person's change is the
audited one. `differences()` lists the cases whose copy disagrees with their
child (the test suite checks it after the tests that write people and cases)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import post_save

# Field on the case -> field on the person.
FACTS = {
    "child_sex": "sex",
    "child_born_on": "date_of_birth",
    "child_disability": "has_disability",
}


def copy_to(case, person) -> None:
    """Set the case's copy from `person` (its child), without saving."""
    for mine, theirs in FACTS.items():
        setattr(case, mine, getattr(person, theirs))


def _values(person) -> dict:
    return {mine: getattr(person, theirs) for mine, theirs in FACTS.items()}


def refresh(person_ids: Iterable) -> int:
    """Copy these persons' current values to their cases; how many cases changed.
    For writes that bypass `Person.save` (a queryset update)."""
    from hearth.registry.models import Person

    people = Person.objects.filter(pk__in=list(person_ids)).only(*FACTS.values())
    return sum(_person_written(person) for person in people)


def _person_written(person) -> int:
    """Copy the person's values to every case about them; how many there were."""
    from hearth.cases.models import Case

    return Case.objects.filter(child_id=person.pk).update(**_values(person))


def _person_saved(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    if raw or created:  # a person is saved before any case is about them
        return
    if update_fields is not None and not set(update_fields) & set(FACTS.values()):
        return
    _person_written(instance)


def _case_written(case) -> None:
    """After `writes.update` of a case (which leaves the copy out): a case moved to
    another child takes that child's facts."""
    if case.child_id == getattr(case, "_child_at_load", case.child_id):
        return
    from hearth.cases.models import Case

    copy_to(case, case.child)
    Case.objects.filter(pk=case.pk).update(**_values(case.child))
    case._child_at_load = case.child_id


def differences() -> list:
    """The ids of the cases whose copy differs from their child's values."""
    from hearth.cases.models import Case

    theirs = [f"child__{name}" for name in FACTS.values()]
    rows = Case.objects.values_list("pk", *FACTS, *theirs).iterator(chunk_size=2000)
    width = len(FACTS)
    return [pk for pk, *values in rows if values[:width] != values[width:]]


def connect() -> None:
    from hearth.cases.models import Case
    from hearth.core import writes
    from hearth.registry.models import Person

    # `writes.update` is a queryset update (for the version check): no signal.
    writes.after_write(Person, _person_written)
    writes.after_write(Case, _case_written)
    post_save.connect(_person_saved, sender=Person, dispatch_uid="cases.child_facts")
