"""Forms and lookup lists a new installation starts with, from the JSON files in
this folder. Created when missing after every migrate; administrators' later
changes are never overwritten, and a form that exists is left alone.

The assessments follow inter-agency child protection case management practice:
safety and immediate needs first, then risks (likelihood and severity), strengths
and protective factors, the child's and caregiver's views, and a recommendation."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

HERE = Path(__file__).resolve().parent
FORMS = ("initial_assessment", "comprehensive_assessment")


def load(name: str) -> dict:
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def ensure_seed_forms(**kwargs) -> None:
    with transaction.atomic():
        ensure_lookups()
        for name in FORMS:
            ensure_form(load(name))


def ensure_lookups() -> None:
    from hearth.core import writes
    from hearth.forms.models import Lookup, LookupValue

    for spec in load("lookups")["lookups"]:
        lookup = Lookup.objects.filter(code=spec["code"]).first()
        if lookup is None:
            lookup = Lookup(code=spec["code"], name=spec["name"])
            writes.create(lookup, actor=None)
        have = set(lookup.values.values_list("code", flat=True))
        for value in spec["values"]:
            if value["code"] not in have:
                writes.create(LookupValue(lookup=lookup, **value), actor=None)


def ensure_form(spec: dict) -> None:
    from hearth.core import clock, writes
    from hearth.forms import schema
    from hearth.forms.models import FormDefinition, FormVersion

    if FormDefinition.objects.filter(code=spec["code"]).exists():
        return
    problems = schema.check(spec["schema"])
    if problems:
        raise ValueError(f"seed form {spec['code']} has problems: {problems}")
    definition = FormDefinition(
        code=spec["code"],
        name=spec["name"],
        kind=spec["kind"],
        description=spec.get("description", ""),
    )
    writes.create(definition, actor=None)
    writes.create(
        FormVersion(
            definition=definition,
            number=1,
            schema=spec["schema"],
            status=FormVersion.Status.PUBLISHED,
            published_at=clock.now(),
            notes="Installed with Hearth.",
        ),
        actor=None,
    )
