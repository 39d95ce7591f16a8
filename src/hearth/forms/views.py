"""Configuration pages for forms and lookup lists: thin - parse, call a service or
query, render. All of them need "config.manage"."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access.decorators import requires
from hearth.core.errors import HearthError, messages_of
from hearth.forms import queries, services
from hearth.forms import schema as form_schema
from hearth.forms.forms import (
    DefinitionEditForm,
    DefinitionForm,
    LookupForm,
    LookupValueForm,
    SchemaForm,
    schema_text,
)
from hearth.forms.render import FormForVersion
from hearth.web.forms import submit

MANAGE = "config.manage"

# What a new form's first draft starts from when there is nothing to copy.
STARTER_SCHEMA = {
    "format": form_schema.FORMAT,
    "sections": [
        {
            "key": "main",
            "title": {"en": "Main section"},
            "fields": [{"key": "summary", "type": "long_text", "label": {"en": "Summary"}}],
        }
    ],
}


@requires(MANAGE)
def definition_list(request):
    return render(
        request, "forms/definition_list.html", {"definitions": queries.definitions(request.user)}
    )


@requires(MANAGE)
def definition_create(request):
    form = DefinitionForm(request.POST or None)
    definition = submit(
        request,
        form,
        lambda data: services.form_definition_create(actor=request.user, **data),
        _("The form was created. Write its first version."),
    )
    if definition:
        return redirect("forms:version_create", code=definition.code)
    return render(request, "forms/simple_form.html", {"form": form, "title": _("New form")})


@requires(MANAGE)
def definition_detail(request, code):
    definition = queries.definition_for(request.user, code)
    return render(
        request,
        "forms/definition_detail.html",
        {
            "definition": definition,
            "versions": list(definition.versions.all()),
            "current": definition.current_version(),
            "draft": definition.draft(),
        },
    )


@requires(MANAGE)
def definition_edit(request, code):
    definition = queries.definition_for(request.user, code)
    initial = {
        "name": definition.name,
        "kind": definition.kind,
        "description": definition.description,
        "is_active": definition.is_active,
        "version": definition.version,
    }
    form = DefinitionEditForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda data: services.form_definition_update(
            actor=request.user,
            definition=definition,
            expected_version=data.pop("version"),
            **data,
        ),
        _("Changes saved."),
    ):
        return redirect("forms:definition_detail", code=definition.code)
    return render(
        request,
        "forms/simple_form.html",
        {"form": form, "title": _("Change %(name)s") % {"name": definition.name}},
    )


def _preview_language(request) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    wanted = request.GET.get("language", "")
    return wanted if wanted in codes else (get_language() or "en")


@requires(MANAGE)
def version_detail(request, code, number):
    """The version as people will see it. Answers posted here are checked exactly
    as a real page would check them, and never saved."""
    version = queries.version_for(request.user, code, number)
    language = _preview_language(request)
    problems = form_schema.check(version.schema) if version.is_draft else []
    preview, accepted = None, None
    if not problems:  # a schema with problems cannot be laid out as a form
        preview = FormForVersion(
            version,
            data=request.POST or None,
            language=language,
            partial="partial" in request.POST,
        )
        accepted = preview.cleaned_answers() if preview.is_valid() else None
    return render(
        request,
        "forms/version_detail.html",
        {
            "version": version,
            "definition": version.definition,
            "preview": preview,
            "accepted": None if accepted is None else schema_text(accepted),
            "language": language,
            "languages": settings.LANGUAGES,
            "problems": problems,
            "schema_json": schema_text(version.schema),
        },
    )


@requires(MANAGE)
def version_create(request, code):
    definition = queries.definition_for(request.user, code)
    current = definition.current_version()
    start = current.schema if current else STARTER_SCHEMA
    form = SchemaForm(request.POST or None, initial={"schema": schema_text(start)})
    version = submit(
        request,
        form,
        lambda data: services.form_version_create_draft(
            actor=request.user, definition=definition, schema=data["schema"], notes=data["notes"]
        ),
        _("Draft saved."),
    )
    if version:
        return redirect("forms:version_detail", code=code, number=version.number)
    return render(
        request,
        "forms/schema_form.html",
        {"form": form, "definition": definition, "copied_from": current},
    )


@requires(MANAGE)
@require_POST
def version_copy(request, code):
    definition = queries.definition_for(request.user, code)
    try:
        version = services.form_version_copy_current(actor=request.user, definition=definition)
    except HearthError as refusal:
        from django.contrib import messages

        messages.error(request, str(refusal.message))
        return redirect("forms:definition_detail", code=code)
    return redirect("forms:version_edit", code=code, number=version.number)


@requires(MANAGE)
def version_edit(request, code, number):
    version = queries.version_for(request.user, code, number)
    if not version.is_draft:
        return render(
            request,
            "web/refused.html",
            {"message": _("Only a draft can change. Start a new draft instead.")},
            status=409,
        )
    form = SchemaForm(
        request.POST or None,
        initial={
            "schema": schema_text(version.schema),
            "notes": version.notes,
            "version": version.version,
        },
    )
    if submit(
        request,
        form,
        lambda data: services.form_version_update_draft(
            actor=request.user,
            version=version,
            schema=data["schema"],
            notes=data["notes"],
            expected_version=data["version"],
        ),
        _("Draft saved."),
    ):
        return redirect("forms:version_detail", code=code, number=number)
    return render(
        request,
        "forms/schema_form.html",
        {"form": form, "definition": version.definition, "version": version},
    )


@requires(MANAGE)
@require_POST
def version_publish(request, code, number):
    from django.contrib import messages
    from django.core.exceptions import ValidationError

    version = queries.version_for(request.user, code, number)
    try:
        services.form_version_publish(
            actor=request.user, version=version, expected_version=request.POST.get("version")
        )
    except ValidationError as refusal:
        messages.error(request, _("This version cannot be published yet:"))
        for problems in messages_of(refusal).values():
            for problem in problems:
                messages.error(request, problem)
    except HearthError as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request,
            _("Version %(n)s is published: new answers use it from now on.") % {"n": number},
        )
    return redirect("forms:version_detail", code=code, number=number)


# --- lookups ----------------------------------------------------------------------


@requires(MANAGE)
def lookup_list(request):
    return render(request, "forms/lookup_list.html", {"lookups": queries.lookups(request.user)})


@requires(MANAGE)
def lookup_create(request):
    form = LookupForm(request.POST or None)
    lookup = submit(
        request,
        form,
        lambda data: services.lookup_create(actor=request.user, **data),
        _("The list was created. Add its values."),
    )
    if lookup:
        return redirect("forms:lookup_detail", code=lookup.code)
    return render(request, "forms/simple_form.html", {"form": form, "title": _("New lookup list")})


@requires(MANAGE)
def lookup_detail(request, code):
    """A list's values, and a form to add one."""
    lookup = queries.lookup_for(request.user, code)
    form = LookupValueForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.lookup_value_add(actor=request.user, lookup=lookup, **data),
        _("Value added."),
    ):
        return redirect("forms:lookup_detail", code=code)
    return render(
        request,
        "forms/lookup_detail.html",
        {"lookup": lookup, "values": list(lookup.values.all()), "form": form},
    )


@requires(MANAGE)
def lookup_value_edit(request, code, pk):
    lookup = queries.lookup_for(request.user, code)
    value = queries.lookup_value_for(request.user, lookup, pk)
    form = LookupValueForm(
        request.POST or None,
        editing=True,
        initial={
            "label": value.label,
            "translations": value.translations,
            "sort_order": value.sort_order,
            "is_active": value.is_active,
            "version": value.version,
        },
    )
    if submit(
        request,
        form,
        lambda data: services.lookup_value_update(
            actor=request.user, value=value, expected_version=data.pop("version"), **data
        ),
        _("Changes saved."),
    ):
        return redirect("forms:lookup_detail", code=code)
    return render(
        request,
        "forms/simple_form.html",
        {
            "form": form,
            "title": _("Change “%(label)s” (%(code)s)")
            % {"label": value.label, "code": value.code},
            "back": ("forms:lookup_detail", code),
        },
    )
