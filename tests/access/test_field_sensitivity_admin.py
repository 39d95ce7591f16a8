"""Administrators set how sensitive each field is (B5): every field declared in
code and every question of the forms, each change audited; readers without the
clearance see a mask from then on."""

import pytest
from django.core.exceptions import ValidationError

from hearth.access import fields, sensitivity, services
from hearth.access.models import FieldSensitivity
from hearth.audit.models import AuditEvent
from hearth.core.errors import Forbidden
from hearth.forms.answers import display
from hearth.forms.models import FormVersion
from tests.factories import person


@pytest.fixture(autouse=True)
def _fresh_cache():
    sensitivity.forget_overrides()
    yield
    sensitivity.forget_overrides()


def test_inventory_lists_declared_fields_and_form_questions(db):
    rows = {(r.model_label, r.field): r for r in fields.inventory()}
    for key in sensitivity.declared():
        assert key in rows, key
    name = rows[("registry.person", "given_name")]
    assert name.default == 1 and name.override is None and name.field_name == "given name"
    question = rows[("form:initial_assessment", "situation.summary")]
    assert question.default == 2 and question.is_form
    assert ("form:initial_assessment", "risks.identified.description") in rows


def test_setting_a_level_masks_the_field_for_readers_below_it(administrator, manager, worker):
    child = person(worker, phone="0772 123456")
    assert sensitivity.value(manager, child, "phone") == "0772 123456"  # clearance 1
    services.field_sensitivity_set(
        actor=administrator, model_label="registry.person", field="phone", level=2
    )
    assert sensitivity.value(manager, child, "phone") == sensitivity.MASK
    assert sensitivity.value(worker, child, "phone") == "0772 123456"  # clearance 2
    event = AuditEvent.objects.get(action="config.field_sensitivity")
    assert event.changes == {"level": [1, 2]}
    assert event.detail["record_type"] == "registry.person" and event.detail["field"] == "phone"

    services.field_sensitivity_reset(
        actor=administrator, model_label="registry.person", field="phone"
    )
    assert not FieldSensitivity.objects.exists()
    assert sensitivity.value(manager, child, "phone") == "0772 123456"
    reset = AuditEvent.objects.filter(action="config.field_sensitivity").first()
    assert reset.changes == {"level": [2, 1]} and reset.detail["reset"] is True


def test_form_question_overrides_apply_to_answers(administrator, manager):
    version = FormVersion.objects.current("initial_assessment")
    answers = {"safety": {"urgent_actions": "Move her to the aunt's house tonight"}}

    def shown():
        sections = display(version, answers, manager, "en")
        cells = [f for s in sections for f in s["fields"] if f["key"] == "urgent_actions"]
        return cells[0]["value_display"]

    assert shown() == "Move her to the aunt's house tonight"
    services.field_sensitivity_set(
        actor=administrator,
        model_label="form:initial_assessment",
        field="safety.urgent_actions",
        level=3,
    )
    assert shown() == sensitivity.MASK


def test_unknown_fields_and_levels_are_refused(administrator):
    with pytest.raises(ValidationError):
        services.field_sensitivity_set(
            actor=administrator, model_label="registry.person", field="shoe_size", level=1
        )
    with pytest.raises(ValidationError):
        services.field_sensitivity_set(
            actor=administrator, model_label="registry.person", field="phone", level=7
        )
    assert not FieldSensitivity.objects.exists()


def test_only_role_managers(worker):
    with pytest.raises(Forbidden):
        services.field_sensitivity_set(
            actor=worker, model_label="registry.person", field="phone", level=0
        )


def test_pages(administrator, signed_in):
    client = signed_in(administrator)
    listing = client.get("/access/sensitivity/").content.decode()
    assert "registry.person" in listing and "form:initial_assessment" in listing
    edit = "/access/sensitivity/edit/?label=registry.person&field=phone"
    assert client.get(edit).status_code == 200
    saved = client.post(
        "/access/sensitivity/edit/", {"label": "registry.person", "field": "phone", "level": "3"}
    )
    assert saved.status_code == 302
    assert FieldSensitivity.objects.get().level == 3
    changed = client.get("/access/sensitivity/?show=changed").content.decode()
    assert "phone" in changed and "given_name" not in changed
    client.post(
        "/access/sensitivity/edit/", {"label": "registry.person", "field": "phone", "reset": "1"}
    )
    assert not FieldSensitivity.objects.exists()
    missing = "/access/sensitivity/edit/?label=registry.person&field=nothing"
    assert client.get(missing).status_code == 404
