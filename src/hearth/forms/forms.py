"""Forms for the configuration pages. They only parse input; the services decide."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hearth.forms.models import FormDefinition
from hearth.forms.text import LANGUAGE_CODE


class DefinitionForm(forms.Form):
    code = forms.SlugField(
        label=_lazy("Code"),
        max_length=60,
        help_text=_lazy("Short and permanent, e.g. initial_assessment. It never changes."),
    )
    name = forms.CharField(label=_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=_lazy("Kind"), choices=FormDefinition.Kind.choices)
    description = forms.CharField(
        label=_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DefinitionEditForm(DefinitionForm):
    is_active = forms.BooleanField(
        label=_lazy("Offered for new answers"), required=False, initial=True
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["code"]


class SchemaForm(forms.Form):
    schema = forms.CharField(
        label=_lazy("Schema (JSON)"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "code", "spellcheck": "false"}),
        help_text=_lazy("Sections and questions as described in the forms guide."),
    )
    notes = forms.CharField(
        label=_lazy("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("What changed, and why."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_schema(self):
        text = self.cleaned_data["schema"]
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("This is not valid JSON: %(problem)s (line %(line)s, column %(column)s).")
                % {"problem": exc.msg, "line": exc.lineno, "column": exc.colno}
            ) from exc


def schema_text(schema) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False)


class LookupForm(forms.Form):
    code = forms.SlugField(
        label=_lazy("Code"),
        max_length=60,
        help_text=_lazy("What questions name in “lookup”, e.g. risk_likelihood."),
    )
    name = forms.CharField(label=_lazy("Name"), max_length=120)
    description = forms.CharField(
        label=_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TranslationsField(forms.CharField):
    """Translations typed one per line as "fr: Élevé"; gives {language: text}."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{code}: {text}" for code, text in value.items())
        return value

    def to_python(self, value):
        out = {}
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            code, colon, text = line.partition(":")
            code = code.strip().lower()
            if not colon or not LANGUAGE_CODE.match(code) or not text.strip():
                raise ValidationError(
                    _("Line %(n)s: write the language code, a colon, then the label (fr: Élevé).")
                    % {"n": number}
                )
            out[code] = text.strip()
        return out


class LookupValueForm(forms.Form):
    code = forms.SlugField(
        label=_lazy("Code"),
        max_length=60,
        help_text=_lazy("What answers store. It cannot change later."),
    )
    label = forms.CharField(label=_lazy("Label"), max_length=200)
    translations = TranslationsField(
        label=_lazy("Translations"),
        required=False,
        help_text=_lazy("One per line: language code, colon, label. For example fr: Élevé"),
    )
    sort_order = forms.IntegerField(label=_lazy("Order"), required=False)
    is_active = forms.BooleanField(label=_lazy("Offered"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        else:
            del self.fields["version"]
