"""Every write to form definitions, their versions and lookup lists. All of it is
configuration (permission "config.manage"), audited like any other change (B6)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.core import clock, writes
from hearth.core.errors import Refused
from hearth.forms import schema as form_schema
from hearth.forms.models import FormDefinition, FormVersion, Lookup, LookupValue
from hearth.forms.text import translation_problems

PERMISSION = "config.manage"
# Codes that would clash with the pages' own addresses (/forms/new/, /forms/lookups/).
RESERVED_CODES = frozenset({"new", "lookups"})


def _checked(schema) -> dict:
    problems = form_schema.check(schema)
    if problems:
        raise ValidationError({"schema": problems})
    return schema


# --- definitions --------------------------------------------------------------------


@transaction.atomic
def form_definition_create(
    *, actor, code: str, name: str, kind: str = FormDefinition.Kind.OTHER, description: str = ""
) -> FormDefinition:
    policy.require(actor, PERMISSION)
    code = (code or "").strip()
    if code in RESERVED_CODES:
        raise ValidationError(
            {"code": _("“%(code)s” is reserved; choose another code.") % {"code": code}}
        )
    if FormDefinition.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A form with this code exists already.")})
    definition = FormDefinition(
        code=code, name=(name or "").strip(), kind=kind, description=description.strip()
    )
    writes.create(definition, actor=actor)
    record_change(actor=actor, action="form.definition_create", target=definition, before=None)
    return definition


@transaction.atomic
def form_definition_update(
    *,
    actor,
    definition: FormDefinition,
    expected_version: int | None = None,
    name: str | None = None,
    kind: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> FormDefinition:
    """Rename or describe a form, or stop offering it. Its code never changes:
    other records and API clients know the form by it."""
    policy.require(actor, PERMISSION, definition)
    before = writes.snapshot(definition)
    for field, value in (
        ("name", name),
        ("kind", kind),
        ("description", description),
        ("is_active", is_active),
    ):
        if value is not None:
            setattr(definition, field, value.strip() if isinstance(value, str) else value)
    writes.update(definition, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="form.definition_update", target=definition, before=before)
    return definition


# --- versions -----------------------------------------------------------------------


@transaction.atomic
def form_version_create_draft(
    *, actor, definition: FormDefinition, schema, notes: str = ""
) -> FormVersion:
    """Start the next version of a form from a schema that passes `schema.check`.
    A form has at most one draft at a time, so two people never prepare rival
    next versions without knowing."""
    policy.require(actor, PERMISSION, definition)
    # Lock the form so two drafts started at once cannot take the same number.
    definition = FormDefinition.objects.select_for_update().get(pk=definition.pk)
    draft = definition.draft()
    if draft is not None:
        raise Refused(
            _("Version %(n)s is already a draft; change it or publish it first.")
            % {"n": draft.number}
        )
    last = definition.versions.aggregate(last=Max("number"))["last"] or 0
    version = FormVersion(
        definition=definition, number=last + 1, schema=_checked(schema), notes=notes.strip()
    )
    writes.create(version, actor=actor)
    record_change(actor=actor, action="form.version_create", target=version, before=None)
    return version


@transaction.atomic
def form_version_copy_current(*, actor, definition: FormDefinition, notes: str = ""):
    """A new draft that starts as a copy of the published version."""
    policy.require(actor, PERMISSION, definition)
    current = definition.current_version()
    if current is None:
        raise Refused(_("This form has no published version to copy yet."))
    notes = notes or _("Copied from version %(n)s.") % {"n": current.number}
    return form_version_create_draft(
        actor=actor, definition=definition, schema=current.schema, notes=notes
    )


@transaction.atomic
def form_version_update_draft(
    *,
    actor,
    version: FormVersion,
    schema,
    notes: str | None = None,
    expected_version: int | None = None,
) -> FormVersion:
    """Change a draft. Published and retired versions never change: answers were
    made with them and are checked against them."""
    policy.require(actor, PERMISSION, version)
    if not version.is_draft:
        raise Refused(
            _("Version %(n)s is %(status)s and can no longer change; start a new draft.")
            % {"n": version.number, "status": version.get_status_display().lower()}
        )
    before = writes.snapshot(version)
    version.schema = _checked(schema)
    if notes is not None:
        version.notes = notes.strip()
    writes.update(version, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="form.version_update", target=version, before=before)
    return version


@transaction.atomic
def form_version_publish(
    *, actor, version: FormVersion, expected_version: int | None = None
) -> FormVersion:
    """Make a draft the version new answers are made with. Refused with every
    problem `schema.check` finds; the version published before is retired, and
    answers made with it stay valid against it."""
    policy.require(actor, PERMISSION, version)
    FormDefinition.objects.select_for_update().filter(pk=version.definition_id).first()
    if not version.is_draft:
        raise Refused(_("Only a draft can be published."))
    _checked(version.schema)
    previous = version.definition.current_version()
    if previous is not None:
        before = writes.snapshot(previous)
        previous.status = FormVersion.Status.RETIRED
        writes.update(previous, actor=actor)
        record_change(actor=actor, action="form.version_retire", target=previous, before=before)
    before = writes.snapshot(version)
    version.status = FormVersion.Status.PUBLISHED
    version.published_at = clock.now()
    writes.update(version, actor=actor, expected_version=expected_version)
    record_change(
        actor=actor,
        action="form.version_publish",
        target=version,
        before=before,
        detail={"retired": previous.number if previous else None},
    )
    return version


# --- lookups ------------------------------------------------------------------------


@transaction.atomic
def lookup_create(*, actor, code: str, name: str, description: str = "") -> Lookup:
    policy.require(actor, PERMISSION)
    code = (code or "").strip()
    if Lookup.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A lookup list with this code exists already.")})
    lookup = Lookup(code=code, name=(name or "").strip(), description=description.strip())
    writes.create(lookup, actor=actor)
    record_change(actor=actor, action="lookup.create", target=lookup, before=None)
    return lookup


def _translations(value) -> dict:
    value = {} if value in (None, "") else value
    problems = translation_problems(value)
    if problems:
        raise ValidationError({"translations": problems})
    return {code.lower(): text.strip() for code, text in value.items()}


@transaction.atomic
def lookup_value_add(
    *,
    actor,
    lookup: Lookup,
    code: str,
    label: str,
    translations: dict | None = None,
    sort_order: int | None = None,
    is_active: bool = True,
) -> LookupValue:
    """Add a value to a lookup list. Its code is what answers store."""
    policy.require(actor, PERMISSION, lookup)
    code = (code or "").strip()
    if lookup.values.filter(code=code).exists():
        raise ValidationError({"code": _("This list has a value with this code already.")})
    if sort_order is None:
        sort_order = (lookup.values.aggregate(last=Max("sort_order"))["last"] or 0) + 10
    value = LookupValue(
        lookup=lookup,
        code=code,
        label=(label or "").strip(),
        translations=_translations(translations),
        sort_order=sort_order,
        is_active=is_active,
    )
    writes.create(value, actor=actor)
    record_change(actor=actor, action="lookup.value_add", target=value, before=None)
    return value


@transaction.atomic
def lookup_value_update(
    *,
    actor,
    value: LookupValue,
    expected_version: int | None = None,
    label: str | None = None,
    translations: dict | None = None,
    sort_order: int | None = None,
    is_active: bool | None = None,
) -> LookupValue:
    """Relabel, translate, reorder, or stop offering a value. The code cannot
    change (answers hold it); a value no longer wanted is made inactive, and
    answers that chose it still read and validate."""
    policy.require(actor, PERMISSION, value)
    before = writes.snapshot(value)
    if label is not None:
        value.label = label.strip()
    if translations is not None:
        value.translations = _translations(translations)
    if sort_order is not None:
        value.sort_order = sort_order
    if is_active is not None:
        value.is_active = is_active
    writes.update(value, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="lookup.value_update", target=value, before=before)
    return value
