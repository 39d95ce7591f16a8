"""answers.clean: answers checked against exactly one version, with messages by path."""

import copy
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.core import clock
from hearth.forms import answers
from tests.forms.samples import VALID_ANSWERS


def refused(version, raw, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        answers.clean(version, raw, **kwargs)
    return {
        path: [m for e in errors for m in e.messages]
        for path, errors in caught.value.error_dict.items()
    }


def with_answers(**household):
    raw = copy.deepcopy(VALID_ANSWERS)
    raw["household"].update(household)
    return raw


def test_valid_answers_come_back_in_their_stored_form(version):
    raw = with_answers(
        size="4",
        income="1250.50",
        visited_on=" 2024-03-01 ",
        safe="yes",
        risk="high",
        support=["school", "food", "school"],
    )
    raw["needs"]["immediate"] = "  Food  "
    raw["needs"]["longer_term"] = ""
    assert answers.clean(version, raw) == {
        "needs": {"immediate": "Food"},
        "household": {
            "size": 4,
            "income": 1250.5,
            "visited_on": "2024-03-01",
            "safe": True,
            "risk": "high",
            "support": ["food", "school"],
            "members": [{"name": "Grace", "age": 34}, {"name": "Tom", "age": 7}],
        },
    }


def test_false_and_zero_are_answers_not_blanks(version):
    cleaned = answers.clean(version, with_answers(safe=False, income=0))
    assert cleaned["household"]["safe"] is False
    assert cleaned["household"]["income"] == 0


def test_required_questions_are_named_by_path(version):
    raw = with_answers(safe=None)
    raw["needs"]["immediate"] = "   "
    assert refused(version, raw) == {
        "needs.immediate": ["Answer this question."],
        "household.safe": ["Answer this question."],
    }


def test_missing_sections_count_as_unanswered(version):
    errors = refused(version, {})
    assert set(errors) == {"needs.immediate", "household.safe", "household.members"}
    assert errors["household.members"] == ["Add at least one row."]


def test_required_questions_inside_each_row_of_a_group(version):
    raw = with_answers(members=[{"name": "Grace", "age": 34}, {"name": "Tom"}, {"age": 3}])
    assert refused(version, raw) == {
        "household.members.1.age": ["Answer this question."],
        "household.members.2.name": ["Answer this question."],
    }


def test_blank_rows_are_dropped_and_positions_kept_in_messages(version):
    raw = with_answers(members=[{"name": "", "age": None}, None, {"name": "Tom", "age": "x"}])
    assert refused(version, raw) == {"household.members.2.age": ["Enter a number."]}
    raw = with_answers(members=[{"name": "", "age": ""}, {"name": "Tom", "age": 7}])
    assert answers.clean(version, raw)["household"]["members"] == [{"name": "Tom", "age": 7}]


def test_group_row_limits(version):
    four = [{"name": str(n), "age": n} for n in range(4)]
    assert refused(version, with_answers(members=four)) == {
        "household.members": ["Give at most 3 rows."]
    }
    assert refused(version, with_answers(members="Grace")) == {
        "household.members": ["Give the rows of this group as a list."]
    }
    assert refused(version, with_answers(members=[["Grace", 34]])) == {
        "household.members.0": ["Each row is given as {question: answer}."]
    }


def test_min_items(version):
    version.schema["sections"][1]["fields"][-1]["min_items"] = 2
    assert refused(version, with_answers(members=[{"name": "Tom", "age": 7}])) == {
        "household.members": ["Add at least 2 rows."]
    }


def test_partial_answers_may_leave_required_questions_empty(version):
    draft = {"household": {"members": [{"name": "Tom"}]}}
    assert answers.clean(version, draft, partial=True) == draft
    assert answers.clean(version, {}, partial=True) == {}
    # ...but what is there must still be right.
    assert refused(version, {"household": {"size": "many"}}, partial=True) == {
        "household.size": ["Enter a number."]
    }


def test_unknown_sections_questions_and_row_keys_are_refused(version):
    raw = with_answers(colour="blue")
    raw["extra"] = {"x": 1}
    raw["household"]["members"][0]["shoe_size"] = 38
    message = "This is not a question of version 1 of this form."
    assert refused(version, raw) == {
        "extra": [message],
        "household.colour": [message],
        "household.members.0.shoe_size": [message],
    }


@pytest.mark.parametrize("raw", [None, [], "answers", 42])
def test_answers_are_an_object(version, raw):
    assert list(refused(version, raw)) == ["__all__"]


def test_a_section_is_an_object(version):
    raw = with_answers()
    raw["needs"] = "Food"
    assert refused(version, raw) == {
        "needs": ["A section's answers are given as {question: answer}."]
    }


@pytest.mark.parametrize(
    "value, message",
    [
        ("four", "Enter a number."),
        (True, "Enter a number."),
        ("4.5", "Enter a whole number."),
        (0, "Enter 1 or more."),
        (31, "Enter 30 or less."),
        (float("nan"), "Enter a number."),
        ("Infinity", "Enter a number."),
        ("1e400", "This number is too large."),
        ([4], "Enter a number."),
    ],
)
def test_numbers(version, value, message):
    assert refused(version, with_answers(size=value)) == {"household.size": [message]}


def test_numbers_keep_int_or_float(version):
    cleaned = answers.clean(version, with_answers(size=4.0, income="12.25"))["household"]
    assert cleaned["size"] == 4 and isinstance(cleaned["size"], int)
    assert cleaned["income"] == 12.25 and isinstance(cleaned["income"], float)


def test_dates_in_the_future_are_refused_unless_allowed(version):
    clock.freeze(dt.datetime(2025, 6, 10, 12, 0))
    try:
        assert refused(version, with_answers(visited_on="2025-06-11")) == {
            "household.visited_on": ["The date cannot be in the future."]
        }
        cleaned = answers.clean(
            version, with_answers(visited_on=dt.date(2025, 6, 10), next_visit="2025-07-01")
        )
        assert cleaned["household"]["visited_on"] == "2025-06-10"
        assert cleaned["household"]["next_visit"] == "2025-07-01"
    finally:
        clock.freeze(None)


@pytest.mark.parametrize(
    "value, message",
    [
        ("10/06/2024", "Enter a date as YYYY-MM-DD."),
        ("2024-02-30", "This date does not exist."),
        ("20240101", "Enter a date as YYYY-MM-DD."),
        (20240101, "Enter a date as YYYY-MM-DD."),
    ],
)
def test_bad_dates(version, value, message):
    assert refused(version, with_answers(visited_on=value)) == {"household.visited_on": [message]}


@pytest.mark.parametrize("value", ["maybe", 1, [True]])
def test_yes_no(version, value):
    assert refused(version, with_answers(safe=value)) == {"household.safe": ["Answer yes or no."]}


def test_choices_are_checked(version):
    assert refused(version, with_answers(risk="medium")) == {
        "household.risk": ["“medium” is not one of the choices."]
    }
    assert refused(version, with_answers(support=["food", "car"])) == {
        "household.support": ["“car” is not one of the choices."]
    }
    assert refused(version, with_answers(support="food")) == {
        "household.support": ["Give the chosen values as a list."]
    }


def test_text_length_and_type(version):
    raw = with_answers()
    raw["needs"]["longer_term"] = "x" * 21
    assert refused(version, raw) == {
        "needs.longer_term": ["Keep this to 20 characters or fewer (it has 21)."]
    }
    raw["needs"]["longer_term"] = 12
    assert refused(version, raw) == {"needs.longer_term": ["Enter text."]}


def test_text_that_cannot_be_stored(version):
    raw = with_answers()
    raw["needs"]["immediate"] = "food\x00"
    assert answers.clean(version, raw)["needs"]["immediate"] == "food"
    raw["needs"]["immediate"] = "food \ud800"
    assert list(refused(version, raw)) == ["needs.immediate"]


def test_cleaning_twice_changes_nothing(version):
    once = answers.clean(version, with_answers(size="4", income="3.5", safe="no", risk="low"))
    assert answers.clean(version, once) == once


def test_messages_carry_codes_for_api_clients(version):
    with pytest.raises(ValidationError) as caught:
        answers.clean(version, with_answers(safe=None, members=[{"name": "x", "age": 1}] * 5))
    codes = {path: errors[0].code for path, errors in caught.value.error_dict.items()}
    assert codes == {"household.safe": "required", "household.members": "max_items"}
