"""Writes to forms and lookups: checked, permitted, versioned and audited."""

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.core.errors import Conflict, Forbidden, Refused
from hearth.forms import answers, services
from hearth.forms.models import FormDefinition, FormVersion
from tests.forms.samples import VALID_ANSWERS, household_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def definition(administrator):
    return services.form_definition_create(
        actor=administrator, code="household_visit", name="Household visit", kind="follow_up"
    )


@pytest.fixture
def published(administrator, definition):
    draft = services.form_version_create_draft(
        actor=administrator, definition=definition, schema=household_schema()
    )
    return services.form_version_publish(actor=administrator, version=draft)


def actions():
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_caseworkers_cannot_change_forms(worker, definition, published):
    with pytest.raises(Forbidden):
        services.form_definition_create(actor=worker, code="x", name="X")
    with pytest.raises(Forbidden):
        services.form_version_copy_current(actor=worker, definition=definition)
    with pytest.raises(Forbidden):
        services.lookup_create(actor=worker, code="x", name="X")
    assert FormDefinition.objects.filter(code="x").count() == 0


def test_codes_are_unique_and_some_are_reserved(administrator, definition):
    for code in ("household_visit", "new", "lookups"):
        with pytest.raises(ValidationError) as caught:
            services.form_definition_create(actor=administrator, code=code, name="Again")
        assert "code" in caught.value.message_dict


def test_a_draft_with_problems_is_refused_with_every_message(administrator, definition):
    schema = household_schema()
    schema["sections"][0]["fields"][0]["type"] = "essay"
    del schema["sections"][1]["fields"][5]["choices"]
    with pytest.raises(ValidationError) as caught:
        services.form_version_create_draft(
            actor=administrator, definition=definition, schema=schema
        )
    problems = caught.value.message_dict["schema"]
    assert len(problems) == 2
    assert "needs.immediate" in problems[0] and "essay" in problems[0]
    assert "household.risk" in problems[1]
    assert not definition.versions.exists()


def test_versions_are_numbered_and_one_draft_at_a_time(administrator, definition, published):
    assert published.number == 1
    draft = services.form_version_copy_current(actor=administrator, definition=definition)
    assert draft.number == 2
    assert draft.schema == published.schema
    with pytest.raises(Refused):
        services.form_version_create_draft(
            actor=administrator, definition=definition, schema=household_schema()
        )


def test_publishing_retires_the_previous_version(administrator, definition, published):
    draft = services.form_version_copy_current(actor=administrator, definition=definition)
    services.form_version_publish(actor=administrator, version=draft)
    published.refresh_from_db()
    assert published.status == FormVersion.Status.RETIRED
    assert definition.current_version() == draft
    assert FormVersion.objects.current("household_visit") == draft
    assert actions()[-2:] == ["form.version_retire", "form.version_publish"]


def test_only_drafts_change(administrator, definition, published):
    with pytest.raises(Refused):
        services.form_version_update_draft(
            actor=administrator, version=published, schema=household_schema()
        )
    with pytest.raises(Refused):
        services.form_version_publish(actor=administrator, version=published)


def test_a_draft_changes_with_a_check_and_a_version(administrator, definition):
    draft = services.form_version_create_draft(
        actor=administrator, definition=definition, schema=household_schema()
    )
    schema = household_schema()
    schema["sections"][0]["title"] = "What the family needs"
    services.form_version_update_draft(
        actor=administrator, version=draft, schema=schema, notes="Clearer title", expected_version=1
    )
    draft.refresh_from_db()
    assert draft.schema["sections"][0]["title"] == "What the family needs"
    assert draft.notes == "Clearer title"
    with pytest.raises(Conflict):
        services.form_version_update_draft(
            actor=administrator, version=draft, schema=schema, expected_version=1
        )
    schema["sections"] = []
    with pytest.raises(ValidationError):
        services.form_version_update_draft(actor=administrator, version=draft, schema=schema)


def test_publishing_a_version_with_problems_is_refused(administrator, definition):
    draft = services.form_version_create_draft(
        actor=administrator, definition=definition, schema=household_schema()
    )
    broken = household_schema()
    broken["sections"][1]["fields"][5]["lookup"] = "no_such_list"
    del broken["sections"][1]["fields"][5]["choices"]
    # As if stored before a check existed, or by hand in the database.
    FormVersion.objects.filter(pk=draft.pk).update(schema=broken)
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.form_version_publish(actor=administrator, version=draft)
    assert caught.value.message_dict["schema"] == [
        "household.risk: unknown lookup list “no_such_list”."
    ]
    draft.refresh_from_db()
    assert draft.status == FormVersion.Status.DRAFT


def test_old_answers_stay_valid_after_a_new_version_is_published(
    administrator, definition, published
):
    stored = answers.clean(published, VALID_ANSWERS)
    schema = household_schema()
    # Version 2 drops a question, adds a required one and narrows a choice.
    del schema["sections"][1]["fields"][0]
    schema["sections"][0]["fields"].append(
        {"key": "urgent", "type": "yes_no", "label": "Urgent", "required": True}
    )
    draft = services.form_version_create_draft(
        actor=administrator, definition=definition, schema=schema
    )
    second = services.form_version_publish(actor=administrator, version=draft)
    published.refresh_from_db()
    assert answers.clean(published, stored) == stored
    with pytest.raises(ValidationError) as caught:
        answers.clean(second, stored)
    assert set(caught.value.error_dict) == {"household.size", "needs.urgent"}


def test_every_change_is_audited(administrator, definition, published):
    assert actions() == ["form.definition_create", "form.version_create", "form.version_publish"]
    services.form_definition_update(actor=administrator, definition=definition, is_active=False)
    event = AuditEvent.objects.order_by("seq").last()
    assert event.action == "form.definition_update"
    assert event.changes == {"is_active": [True, False]}
    assert event.actor_id == administrator.pk


def test_lookup_values(administrator):
    lookup = services.lookup_create(actor=administrator, code="school_kinds", name="Schools")
    first = services.lookup_value_add(
        actor=administrator,
        lookup=lookup,
        code="primary",
        label="Primary",
        translations={"FR": "Primaire"},
    )
    second = services.lookup_value_add(
        actor=administrator, lookup=lookup, code="secondary", label="Secondary"
    )
    assert (first.sort_order, second.sort_order) == (10, 20)
    assert first.translations == {"fr": "Primaire"}
    assert first.label_in("fr") == "Primaire"
    assert first.label_in("fr-ca") == "Primaire"
    assert second.label_in("fr") == "Secondary"
    with pytest.raises(ValidationError):
        services.lookup_value_add(actor=administrator, lookup=lookup, code="primary", label="Again")
    with pytest.raises(ValidationError) as caught:
        services.lookup_value_update(
            actor=administrator, value=first, translations={"French": "Primaire"}
        )
    assert "translations" in caught.value.message_dict
    services.lookup_value_update(
        actor=administrator, value=first, is_active=False, label="Primary school"
    )
    first.refresh_from_db()
    assert (first.is_active, first.label, first.code) == (False, "Primary school", "primary")
    assert actions()[-1] == "lookup.value_update"


def test_answers_that_chose_a_retired_lookup_value_stay_valid(administrator, definition):
    lookup = services.lookup_create(actor=administrator, code="levels", name="Levels")
    for code in ("low", "high"):
        services.lookup_value_add(actor=administrator, lookup=lookup, code=code, label=code.title())
    schema = household_schema()
    risk = schema["sections"][1]["fields"][5]
    del risk["choices"]
    risk["lookup"] = "levels"
    version = services.form_version_create_draft(
        actor=administrator, definition=definition, schema=schema
    )
    stored = answers.clean(
        version, {**VALID_ANSWERS, "household": {**VALID_ANSWERS["household"], "risk": "high"}}
    )
    services.lookup_value_update(
        actor=administrator, value=lookup.values.get(code="high"), is_active=False
    )
    assert answers.clean(version, stored) == stored
    with pytest.raises(ValidationError):
        answers.clean(version, {"household": {"risk": "medium"}}, partial=True)
