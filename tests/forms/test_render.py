"""FormForVersion: pages validate exactly as the API does, and show each message next
to its question, inside group rows too."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.loader import render_to_string

from hearth.forms import answers
from hearth.forms.render import FormForVersion
from tests.forms.samples import VALID_ANSWERS


def posted(pairs: dict, prefix="") -> QueryDict:
    """What a browser sends: nothing at all for a question left unticked."""
    data = QueryDict(mutable=True)
    for name, value in pairs.items():
        if value is None:
            continue
        name = f"{prefix}-{name}" if prefix else name
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


FILLED = {
    "needs.immediate": "Food and shelter",
    "household.size": "4",
    "household.safe": "yes",
    "household.support": ["food", "school"],
    "household.members": "2",
    "household.members.0.name": "Grace",
    "household.members.0.age": "34",
    "household.members.1.name": "",
    "household.members.1.age": "",
}


def test_fields_are_named_by_answer_path(version):
    form = FormForVersion(version, language="en")
    assert "needs.immediate" in form.fields
    assert "household.members.0.age" in form.fields
    assert form.fields["household.members"].initial == 1  # one blank row to start


def test_posted_answers_clean_exactly_like_the_api(version):
    form = FormForVersion(version, data=posted(FILLED), language="en")
    assert form.is_valid(), form.errors
    expected = answers.clean(version, form.raw_answers())
    assert form.cleaned_answers() == expected
    assert expected["household"]["members"] == [{"name": "Grace", "age": 34}]
    assert expected["household"]["support"] == ["food", "school"]
    assert expected["household"]["safe"] is True


def test_messages_land_next_to_their_question_inside_rows(version):
    data = {**FILLED, "household.safe": "", "household.members.1.name": "Tom"}
    form = FormForVersion(version, data=posted(data), language="en")
    assert not form.is_valid()
    assert form.errors["household.safe"] == ["Answer this question."]
    assert form.errors["household.members.1.age"] == ["Answer this question."]
    html = render_to_string("forms/_render.html", {"answers_form": form})
    # The message sits inside the row's age field, and the summary links to it.
    row_field = re.search(
        r'<div class="field has-error required">\s*<label for="id_household.members.1.age">'
        r".*?</div>",
        html,
        re.S,
    )
    assert row_field and "Answer this question." in row_field.group(0)
    assert 'href="#id_household.members.1.age"' in html


def test_group_messages_show_on_the_group(version):
    data = {**FILLED, "household.members.0.name": "", "household.members.0.age": ""}
    form = FormForVersion(version, data=posted(data), language="en")
    assert not form.is_valid()
    assert form.errors["household.members"] == ["Add at least one row."]
    html = render_to_string("forms/_render.html", {"answers_form": form})
    assert 'href="#group-household.members"' in html
    assert 'id="group-household.members"' in html


def test_adding_a_row_redisplays_without_checking(version):
    data = {**FILLED, "needs.immediate": "", "_add_row": "household.members"}
    form = FormForVersion(version, data=posted(data), language="en")
    assert not form.is_valid()
    assert not form.errors
    assert "household.members.2.name" in form.fields
    html = render_to_string("forms/_render.html", {"answers_form": form})
    assert 'value="3"' in html  # the row count carried to the next post
    assert 'value="Grace"' in html  # what was typed is kept
    assert "error" not in html.replace("error-summary", "")


def test_rows_stop_at_max_items(version):
    data = {**FILLED, "household.members": "3", "_add_row": "household.members"}
    form = FormForVersion(version, data=posted(data), language="en")
    assert "household.members.3.name" not in form.fields
    html = render_to_string("forms/_render.html", {"answers_form": form})
    assert "Add a row" not in html


def test_a_tampered_row_count_is_bounded(version):
    form = FormForVersion(version, data=posted({**FILLED, "household.members": "9999"}))
    assert "household.members.2.name" in form.fields
    assert "household.members.3.name" not in form.fields
    form = FormForVersion(version, data=posted({**FILLED, "household.members": "lots"}))
    assert "household.members.0.name" in form.fields


def test_partial_forms_accept_missing_required_answers(version):
    data = posted({"household.members": "1", "household.members.0.name": "Tom"})
    assert not FormForVersion(version, data=data).is_valid()
    form = FormForVersion(version, data=data, partial=True)
    assert form.is_valid(), form.errors
    assert form.cleaned_answers() == {"household": {"members": [{"name": "Tom"}]}}


def test_cleaned_answers_refuses_an_invalid_form(version):
    form = FormForVersion(version, data=posted({}))
    with pytest.raises(ValidationError):
        form.cleaned_answers()


def test_stored_answers_fill_the_form_and_post_back_unchanged(version):
    stored = answers.clean(version, VALID_ANSWERS)
    form = FormForVersion(version, initial=stored, language="en")
    html = render_to_string("forms/_render.html", {"answers_form": form})
    assert "Food and a safe place to sleep" in html
    assert 'value="Tom"' in html
    # Posting the form as shown gives the same answers back.
    data = posted({name: form[name].value() for name in form.fields})
    again = FormForVersion(version, data=data)
    assert again.is_valid(), again.errors
    assert again.cleaned_answers() == stored


@pytest.mark.django_db
def test_questions_above_clearance_are_masked_and_keep_their_answers(version, manager):
    stored = answers.clean(version, VALID_ANSWERS)
    form = FormForVersion(version, initial=stored, user=manager)  # clearance 1
    html = render_to_string("forms/_render.html", {"answers_form": form})
    assert "Food and a safe place to sleep" not in html
    assert "•••" in html
    assert 'value="Grace"' in html  # level 1: the manager may see names
    # A post trying to overwrite the hidden answer changes nothing.
    data = {name: form[name].value() for name in form.fields}
    data["needs.immediate"] = "Overwritten"
    again = FormForVersion(version, data=posted(data), initial=stored, user=manager)
    assert again.is_valid(), again.errors
    assert again.cleaned_answers()["needs"]["immediate"] == "Food and a safe place to sleep"


def test_labels_in_the_chosen_language(version):
    html = render_to_string(
        "forms/_render.html", {"answers_form": FormForVersion(version, language="fr")}
    )
    assert "Besoins à long terme" in html
    assert "Ménage" in html
    assert "Élevé" in html


def test_prefixed_forms_sit_beside_other_forms(version):
    data = posted(FILLED, prefix="answers")
    form = FormForVersion(version, data=data, prefix="answers")
    assert form.is_valid(), form.errors
    assert 'name="answers-needs.immediate"' in render_to_string(
        "forms/_render.html", {"answers_form": form}
    )


def test_no_inline_script_or_style(version):
    html = render_to_string("forms/_render.html", {"answers_form": FormForVersion(version)})
    assert "<script" not in html
    assert "style=" not in html
    assert not re.search(r"\son\w+=", html)
