"""A form version as a Django form, for pages that fill in answers.

    form = FormForVersion(version, data=request.POST or None, initial=answers,
                          language=request.LANGUAGE_CODE, prefix="answers")
    if submit(request, form, lambda data: save(form.cleaned_answers())): ...

Its fields are named by answer path ("needs.immediate", "household.members.2.age"),
so every message from `answers.clean` - the very check the API makes - lands next
to its question, inside group rows too; a service raising the same paths lands
there as well (hearth.web.forms.show_errors). The widgets only collect text;
all parsing and checking is left to `answers.clean`.

Repeating groups show their rows and a blank one; "Add a row" is a plain submit
button that redisplays the form with one more row and saves nothing (no script
needed). A row is removed by clearing it: blank rows are dropped.

With `user`, a question above the user's clearance shows a mask instead of its
answer and keeps the answer it had (B5)."""

from __future__ import annotations

import contextlib

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hearth.forms import answers as form_answers
from hearth.forms import schema as form_schema
from hearth.forms.lookups import Choices
from hearth.forms.text import in_language
from hearth.web.forms import DateInput

ADD_ROW = "_add_row"
# Blank rows shown under the answered ones, so the next row can be typed at once.
BLANK_ROWS = 1


class MaskedWidget(forms.Widget):
    """Shows the mask, never the value: the HTML holds nothing the reader may not see.
    (Unanswered, there is nothing to hide, and a dash says so.)"""

    def render(self, name, value, attrs=None, renderer=None):
        from hearth.access.sensitivity import MASK

        shown = "—" if form_answers.is_blank(value) else MASK
        return format_html('<span class="masked">{}</span>', shown)

    def value_from_datadict(self, data, files, name):
        return None


class AnswerField(forms.Field):
    """Collects what was typed or chosen; `answers.clean` decides if it is right."""

    def __init__(self, *, spec: dict, answer_required: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.spec = spec
        self.answer_required = answer_required


class RowCountField(AnswerField):
    """A group's number of rows: always shows the count this form laid out (one more
    after "Add a row"), not the count that was posted."""

    def bound_data(self, data, initial):
        return initial


class FormForVersion(forms.Form):
    use_required_attribute = False  # the server's messages are the ones that count

    def __init__(
        self,
        version,
        data=None,
        initial: dict | None = None,
        *,
        language: str | None = None,
        partial: bool = False,
        user=None,
        prefix: str | None = None,
        **kwargs,
    ):
        super().__init__(data=data, prefix=prefix, **kwargs)
        self.version = version
        self.schema = version.schema
        self.language = language or get_language() or "en"
        self.partial = partial
        self.answers = initial if isinstance(initial, dict) else {}
        self.choices = Choices(self.schema)
        if user is None:
            self.clearance = 3
        else:
            from hearth.access import policy

            self.clearance = policy.clearance_of(user)
        self.add_row_name = self.add_prefix(ADD_ROW)
        self.adding_row = self.data.get(self.add_row_name) if self.is_bound else None
        self._answers: dict | None = None
        self._layout: list[dict] = []
        for section in form_schema.sections(self.schema):
            self._layout.append(self._build_section(section))

    # --- building ---------------------------------------------------------------

    def _build_section(self, section: dict) -> dict:
        given = self.answers.get(section["key"])
        given = given if isinstance(given, dict) else {}
        items = []
        for spec in section["fields"]:
            path = f"{section['key']}.{spec['key']}"
            if spec["type"] == "repeating_group":
                items.append(self._build_group(spec, path, given.get(spec["key"])))
            else:
                self._add_field(spec, path, given.get(spec["key"]), False)
                items.append({"group": False, "path": path})
        return {
            "key": section["key"],
            "title": in_language(section["title"], self.language),
            "help": in_language(section.get("help"), self.language),
            "items": items,
        }

    def _build_group(self, spec: dict, path: str, given) -> dict:
        rows_given = [r for r in given if isinstance(r, dict)] if isinstance(given, list) else []
        masked = self._masked(spec, path)
        most = form_schema.max_rows(spec)
        wanted = max(len(rows_given) + BLANK_ROWS, spec.get("min_items", 0))
        if self.is_bound and not masked:
            with contextlib.suppress(TypeError, ValueError):  # a tampered count
                wanted = int(self.data.get(self.add_prefix(path), wanted))
            if self.adding_row == path:
                wanted += 1
        count = max(0, min(wanted, most)) if not masked else len(rows_given)
        # The group's own field carries the number of rows shown, and its messages
        # ("Add at least one row.").
        self.fields[path] = RowCountField(
            spec=spec,
            label=in_language(spec["label"], self.language),
            widget=forms.HiddenInput,
            initial=count,
            disabled=masked,
            answer_required=bool(spec.get("required") or spec.get("min_items")),
        )
        rows = []
        for index in range(count):
            row_given = rows_given[index] if index < len(rows_given) else {}
            row = []
            for member in spec["fields"]:
                member_path = f"{path}.{index}.{member['key']}"
                self._add_field(member, member_path, row_given.get(member["key"]), masked)
                row.append(member_path)
            rows.append(row)
        return {
            "group": True,
            "path": path,
            "label": in_language(spec["label"], self.language),
            "help": in_language(spec.get("help"), self.language),
            "columns": [in_language(m["label"], self.language) for m in spec["fields"]],
            "rows": rows,
            "can_add": not masked and count < most,
        }

    def _masked(self, spec: dict, path: str) -> bool:
        from hearth.access.sensitivity import Level, question_level

        if self.clearance >= Level.RESTRICTED:
            return False  # nothing is above it
        code = self.version.definition.code
        return question_level(code, path, spec.get("sensitivity", 0)) > self.clearance

    def _add_field(self, spec: dict, path: str, value, inside_masked: bool) -> None:
        masked = inside_masked or self._masked(spec, path)
        kind = spec["type"]
        widget = MaskedWidget() if masked else self._widget(spec, value)
        self.fields[path] = AnswerField(
            spec=spec,
            label=in_language(spec["label"], self.language),
            help_text=in_language(spec.get("help"), self.language),
            widget=widget,
            initial=_for_widget(kind, value),
            disabled=masked,
            answer_required=bool(spec.get("required")),
        )

    def _widget(self, spec: dict, value) -> forms.Widget:
        kind = spec["type"]
        if kind == "long_text":
            return forms.Textarea(attrs={"rows": 4, "maxlength": form_schema.max_length(spec)})
        if kind == "number":
            attrs = {"step": "1" if spec.get("integer") else "any"}
            attrs.update({k: spec[k] for k in ("min", "max") if k in spec})
            return forms.NumberInput(attrs=attrs)
        if kind == "date":
            from hearth.core import clock

            attrs = {} if spec.get("allow_future") else {"max": clock.today().isoformat()}
            return DateInput(attrs=attrs)
        if kind == "yes_no":
            return forms.Select(choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))])
        if kind in form_schema.CHOICE_TYPES:
            # A choice no longer offered still shows where it is the answer already.
            answered = value if isinstance(value, list) else [value]
            offered = [
                (c.value, c.label(self.language))
                for c in self.choices.of(spec)
                if c.offered or c.value in answered
            ]
            if kind == "multiple_choice":
                return forms.CheckboxSelectMultiple(choices=offered)
            return forms.Select(choices=[("", "—"), *offered])
        return forms.TextInput(attrs={"maxlength": form_schema.max_length(spec)})

    # --- reading ------------------------------------------------------------------

    @property
    def layout(self) -> list[dict]:
        """Sections with their items, each a bound field or a group of bound rows."""
        out = []
        for section in self._layout:
            items = []
            for item in section["items"]:
                if item["group"]:
                    items.append(
                        {
                            **item,
                            "bound": self[item["path"]],
                            "rows": [[self[p] for p in row] for row in item["rows"]],
                        }
                    )
                else:
                    items.append({**item, "bound": self[item["path"]]})
            out.append({**section, "items": items})
        return out

    def raw_answers(self) -> dict:
        """What was entered, shaped as answers, before any checking."""
        data = self.cleaned_data
        raw: dict = {}
        for section in self._layout:
            values: dict = {}
            for item in section["items"]:
                key = item["path"].split(".")[-1]
                if item["group"]:
                    values[key] = [
                        {p.split(".")[-1]: _entered(data.get(p)) for p in row}
                        for row in item["rows"]
                    ]
                else:
                    values[key] = _entered(data.get(item["path"]))
            raw[section["key"]] = values
        return raw

    # --- checking -----------------------------------------------------------------

    def full_clean(self):
        if self.adding_row:
            # Only redisplaying with one more row: nothing to check yet.
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.adding_row and super().is_valid()

    def clean(self):
        try:
            self._answers = form_answers.clean(
                self.version, self.raw_answers(), partial=self.partial
            )
        except ValidationError as error:
            for path, errors in error.error_dict.items():
                self.add_error(path if path in self.fields else None, errors)
        return self.cleaned_data

    def cleaned_answers(self) -> dict:
        """The answers as `answers.clean` returns them; only for a valid form."""
        if not self.is_valid() or self._answers is None:
            raise ValidationError(_("Some answers need correcting; see the messages."))
        return self._answers


def _for_widget(kind: str, value):
    """A stored answer as its widget shows it."""
    if value is None:
        return None
    if kind == "yes_no" and isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _entered(value):
    # Ticked boxes arrive as a list; a stray empty value is not a choice.
    if isinstance(value, list):
        return [item for item in value if item not in ("", None)]
    return value
