"""Every field whose sensitivity an administrator can set: the fields declared in
code beside each model (access.sensitivity.declare) and the questions of every
configurable form, each with its default level and the override, if any."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language

from hearth.access import sensitivity


@dataclass(frozen=True)
class FieldRow:
    model_label: str  # "registry.person", or "form:initial_assessment"
    field: str  # "given_name", or a question's path "situation.summary"
    record_name: str  # what people call the record or the form
    field_name: str  # what people call the field or the question
    default: int
    override: int | None

    @property
    def level(self) -> int:
        return self.default if self.override is None else self.override

    @property
    def is_form(self) -> bool:
        return self.model_label.startswith(sensitivity.FORM_PREFIX)


def declared_fields(overrides: dict | None = None) -> list[FieldRow]:
    overrides = sensitivity.overrides() if overrides is None else overrides
    rows = []
    for (label, name), default in sensitivity.declared().items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue  # declared for a model this installation does not have
        try:
            field_name = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            field_name = name
        rows.append(
            FieldRow(
                label,
                name,
                str(model._meta.verbose_name),
                field_name,
                default,
                overrides.get((label, name)),
            )
        )
    return sorted(rows, key=lambda r: (r.record_name.lower(), r.field))


def form_questions(code: str | None = None, overrides: dict | None = None) -> list[FieldRow]:
    """The questions of each form's current version (its draft if none is published
    yet); with `code`, of that form only."""
    from hearth.forms.models import FormDefinition
    from hearth.forms.schema import walk
    from hearth.forms.text import in_language

    overrides = sensitivity.overrides() if overrides is None else overrides
    language = get_language() or "en"
    definitions = FormDefinition.objects.filter(is_voided=False)
    if code is not None:
        definitions = definitions.filter(code=code)
    rows = []
    for definition in definitions.order_by("name"):
        version = definition.current_version() or definition.draft()
        if version is None:
            continue
        label = sensitivity.form_label(definition.code)
        for path, spec in walk(version.schema):
            rows.append(
                FieldRow(
                    label,
                    path,
                    definition.name,
                    str(in_language(spec.get("label"), language) or path),
                    int(spec.get("sensitivity", 0) or 0),
                    overrides.get((label, path)),
                )
            )
    return rows


def inventory() -> list[FieldRow]:
    overrides = sensitivity.overrides()
    return declared_fields(overrides) + form_questions(overrides=overrides)


def row_for(model_label: str, field: str) -> FieldRow | None:
    if model_label.startswith(sensitivity.FORM_PREFIX):
        code = model_label[len(sensitivity.FORM_PREFIX) :]
        rows = form_questions(code)
    else:
        rows = declared_fields()
    return next((r for r in rows if r.model_label == model_label and r.field == field), None)
