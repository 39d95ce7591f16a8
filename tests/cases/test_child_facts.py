"""Each case keeps a copy of its child's sex, date of birth and disability for the
indicators' breakdowns (`cases.child_facts`). The copy must always equal the
person's own values, whichever way the case or the person was written; the check
after each test in this folder (tests/work_check.py) guards every other test too."""

import datetime as dt
import importlib
from types import SimpleNamespace

from django.db import connection

from hearth.cases import child_facts
from hearth.cases.models import Case
from hearth.core import writes
from hearth.registry import services as registry
from hearth.reports.indicators import compute, get
from hearth.reports.indicators.engine import filtered
from hearth.reports.indicators.period import Period

BRIAN = {"given_name": "Brian", "sex": "male", "date_of_birth": dt.date(2016, 5, 4)}


def _copy(case) -> tuple:
    case.refresh_from_db()
    return (case.child_sex, case.child_born_on, case.child_disability)


def test_a_registered_case_carries_its_child_s_facts(make_case, worker):
    case = make_case(worker)
    child = case.child
    assert _copy(case) == (child.sex, child.date_of_birth, child.has_disability)
    assert case.child_sex == "female"


def test_a_change_to_the_person_reaches_every_case_about_them(make_case, worker, supervisor):
    first = make_case(worker)
    second = make_case(worker, child=first.child)
    born = dt.date(2015, 2, 3)
    registry.person_update(
        actor=worker, person=first.child, sex="male", date_of_birth=born, has_disability="yes"
    )
    assert _copy(first) == _copy(second) == ("male", born, "yes")


def test_a_person_saved_without_their_facts_leaves_the_cases_alone(make_case, worker):
    case = make_case(worker)
    child = case.child
    Case.objects.filter(pk=case.pk).update(child_sex="stale")  # as if out of step
    child.phone = "+256 700 000 000"
    child.save(update_fields=["phone"])
    assert _copy(case)[0] == "stale"  # not rewritten for a field it does not copy
    child_facts.refresh([child.pk])
    assert _copy(case)[0] == child.sex


def test_a_case_moved_to_another_child_copies_the_new_child(make_case, worker):
    case = make_case(worker)
    other = make_case(worker, child_fields=BRIAN).child
    case = Case.objects.get(pk=case.pk)
    case.child = other
    case.save(update_fields=["child"])  # the copy is saved with it
    assert _copy(case) == (other.sex, other.date_of_birth, other.has_disability)


def test_writes_past_save_are_refreshed(make_case, worker):
    case = make_case(worker)
    type(case.child).objects.filter(pk=case.child_id).update(date_of_birth=dt.date(2012, 7, 1))
    assert child_facts.differences() == [case.pk]
    assert child_facts.refresh([case.child_id]) == 1
    assert child_facts.differences() == []
    assert _copy(case)[1] == dt.date(2012, 7, 1)


def test_the_migration_fills_the_copy_of_existing_cases(make_case, worker):
    first = make_case(worker)
    second = make_case(worker, child_fields=BRIAN)
    Case.objects.update(child_sex="", child_born_on=None, child_disability="")
    migration = importlib.import_module("hearth.cases.migrations.0011_child_facts_for_indicators")
    migration.fill(None, SimpleNamespace(connection=connection))
    assert child_facts.differences() == []
    assert _copy(first)[0] == "female" and _copy(second)[0] == "male"


def test_indicators_break_cases_down_without_reading_the_persons(make_case, worker, manager):
    make_case(worker)
    make_case(worker, child_fields=BRIAN)
    indicator = get("cases.open")
    period = Period.parse(f"{dt.date.today().year}")
    by = ["sex", "age_band", "disability"]
    sql = str(filtered(indicator, manager, period, extra=by).query)
    assert "registry_person" not in sql
    result = compute(indicator, manager, period, by=["sex"])
    assert {row.keys["sex"]: row.numerator for row in result.rows} == {"female": 1, "male": 1}


def test_a_case_read_before_its_child_changed_keeps_the_new_facts(make_case, worker):
    case = make_case(worker)
    read_early = Case.objects.get(pk=case.pk)
    read_partly = Case.objects.only("pk", "summary", "child").get(pk=case.pk)
    registry.person_update(actor=worker, person=case.child, sex="male")
    read_early.summary = "Seen at school"
    read_early.save()
    assert _copy(case)[0] == "male"
    writes.update(read_early, actor=worker)  # as every service writes a case
    assert _copy(case)[0] == "male"
    read_partly.summary = "Seen at home"
    read_partly.save()  # only what was read is written, and never the copy
    assert _copy(case)[0] == "male"
    assert case.summary == "Seen at home"
