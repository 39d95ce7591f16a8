"""schema.check: every problem in a form definition, one readable message each."""

import pytest

from hearth.forms import schema
from hearth.forms.seed import FORMS, load
from tests.forms.samples import household_schema


def one_section(*fields, key="main"):
    return {"sections": [{"key": key, "title": "Main", "fields": list(fields)}]}


def field(key="q", type="text", label="Question", **extra):
    return {"key": key, "type": type, "label": label, **extra}


def only_problem(problems, *words):
    assert len(problems) == 1, problems
    for word in words:
        assert word in problems[0], problems[0]


def test_the_sample_form_has_no_problems():
    assert schema.check(household_schema()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORMS)
def test_the_installed_assessments_have_no_problems(name):
    assert schema.check(load(name)["schema"]) == []


@pytest.mark.parametrize("value", [None, [], "sections", 3])
def test_a_schema_is_an_object(value):
    only_problem(schema.check(value), "JSON object")


@pytest.mark.parametrize("value", [{}, {"sections": []}, {"sections": "needs"}])
def test_a_schema_needs_sections(value):
    only_problem(schema.check(value), "at least one section")


def test_unknown_type_is_named_with_its_place():
    only_problem(schema.check(one_section(field(type="paragraph"))), "main.q", "paragraph")


def test_duplicate_keys_at_each_level():
    problems = schema.check(
        {
            "sections": [
                {"key": "a", "title": "A", "fields": [field("x"), field("x")]},
                {"key": "a", "title": "A again", "fields": [field("y")]},
            ]
        }
    )
    assert any("two questions" in p and "“x”" in p for p in problems)
    assert any("Two sections" in p and "“a”" in p for p in problems)
    assert len(problems) == 2


def test_duplicate_keys_inside_a_group():
    group = field("rows", "repeating_group", fields=[field("x"), field("x")])
    only_problem(schema.check(one_section(group)), "main.rows", "“x”")


def test_the_same_key_in_different_places_is_fine():
    group = field("rows", "repeating_group", fields=[field("x")])
    assert schema.check(one_section(field("x"), group)) == []


@pytest.mark.parametrize("key", ["Needs", "1st", "with space", "a.b", "x" * 61, 7, ""])
def test_keys_are_lower_case_slugs(key):
    problems = schema.check(one_section(field(key=key)))
    assert len(problems) == 1
    assert "key" in problems[0]


def test_missing_and_empty_labels():
    problems = schema.check(
        one_section({"key": "a", "type": "text"}, field("b", label="  "), field("c", label={}))
    )
    assert problems == [
        "main.a: the label is missing.",
        "main.b: The label is empty.",
        "main.c: The label has no text in any language.",
    ]


def test_translated_labels_need_language_codes():
    problems = schema.check(one_section(field(label={"en": "Needs", "French": "Besoins"})))
    only_problem(problems, "French", "language code")
    assert schema.check(one_section(field(label={"en": "Needs", "pt-br": "Necessidades"}))) == []


def test_section_title_is_required():
    problems = schema.check({"sections": [{"key": "a", "fields": [field()]}]})
    only_problem(problems, "a:", "title")


def test_choices_are_required_for_choice_questions():
    only_problem(schema.check(one_section(field(type="single_choice"))), "main.q", "choices")
    both = field(type="multiple_choice", choices=[{"value": "a", "label": "A"}], lookup="x")
    only_problem(schema.check(one_section(both), lookups={"x"}), "either")
    only_problem(schema.check(one_section(field(type="single_choice", choices=[]))), "at least")


def test_each_choice_has_a_value_and_a_label():
    choices = [{"value": "a", "label": "A"}, {"value": "a", "label": "B"}, {"value": "b"}, "c"]
    problems = schema.check(one_section(field(type="single_choice", choices=choices)))
    assert len(problems) == 3
    assert any("two choices" in p for p in problems)
    assert any("choice 3: the label is missing" in p for p in problems)
    assert any("choice 4" in p for p in problems)


def test_groups_cannot_hold_groups():
    inner = field("inner", "repeating_group", fields=[field()])
    outer = field("outer", "repeating_group", fields=[inner])
    only_problem(schema.check(one_section(outer)), "main.outer.inner", "another repeating group")


def test_groups_need_fields():
    only_problem(schema.check(one_section(field("g", "repeating_group"))), "main.g", "fields")


@pytest.mark.parametrize(
    "extra, words",
    [
        ({"min": 10, "max": 1}, ["“min” is larger"]),
        ({"min": "ten"}, ["“min” must be a number"]),
        ({"max": True}, ["“max” must be a number"]),
        ({"integer": "yes"}, ["true or false"]),
    ],
)
def test_number_bounds(extra, words):
    only_problem(schema.check(one_section(field(type="number", **extra))), *words)


@pytest.mark.parametrize(
    "extra, words",
    [
        ({"min_items": 3, "max_items": 2}, ["“min_items” is larger"]),
        ({"max_items": 0}, ["from 1 to 100"]),
        ({"min_items": -1}, ["from 0 to 100"]),
        ({"max_items": 1000}, ["from 1 to 100"]),
    ],
)
def test_group_row_counts(extra, words):
    group = field("g", "repeating_group", fields=[field()], **extra)
    only_problem(schema.check(one_section(group)), *words)


@pytest.mark.parametrize("level", [-1, 4, "2", 1.5, True])
def test_sensitivity_is_a_level(level):
    only_problem(schema.check(one_section(field(sensitivity=level))), "sensitivity")


def test_properties_must_belong_to_the_type():
    problems = schema.check(one_section(field(requird=True), field("d", "date", min=1)))
    assert len(problems) == 2
    assert "“requird” is not a property of a text question" in problems[0]
    assert "“min” is not a property of a date question" in problems[1]


def test_unknown_top_level_property_and_format():
    problems = schema.check({**one_section(field()), "format": 2, "version": 3})
    assert len(problems) == 2


def test_every_problem_is_reported_at_once():
    bad = {
        "sections": [
            {"key": "a", "title": "", "fields": [field(type="nope"), field("q", "single_choice")]},
            {"key": "B", "title": "B", "fields": []},
        ]
    }
    problems = schema.check(bad)
    assert problems[0] == "a: The title is empty."
    assert [p.split(":")[0] for p in problems] == [
        "a",
        "a.q",  # unknown type
        "a",  # two questions with the key q
        "a.q",  # no choices
        "section 2",  # key B
        "section 2",  # no fields
    ]


@pytest.mark.django_db
def test_lookups_must_exist(administrator):
    from hearth.forms import services

    question = field(type="single_choice", lookup="school_kinds")
    only_problem(schema.check(one_section(question)), "main.q", "unknown lookup", "school_kinds")
    services.lookup_create(actor=administrator, code="school_kinds", name="Kinds of school")
    assert schema.check(one_section(question)) == []


def test_walk_reaches_group_members():
    paths = [path for path, _field in schema.walk(household_schema())]
    assert "household.members" in paths
    assert "household.members.age" in paths
