"""Answers to a form version: `clean` checks them against exactly that version,
`display` turns them into what a read-only page shows to one reader.

Answers are JSON grouped by section, in the shape the schema gives them:

    {"needs": {"immediate": "Food and shelter"},
     "risks": {"identified": [{"risk": "neglect", "likelihood": "high"}]}}

Cleaned answers keep only what was answered: text stripped, numbers as int or
float, dates as ISO strings, yes/no as true/false, the values of choices (several
choices in the form's order), and the non-blank rows of repeating groups. Cleaning
cleaned answers again gives them back unchanged, so stored answers stay valid for
the version they were made with, whatever versions are published later."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.translation import gettext as _

from hearth.core import clock
from hearth.forms import schema as form_schema
from hearth.forms.lookups import Choices
from hearth.forms.text import in_language

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Beyond this a "number" on a case form is a typing mistake, and floats lose digits.
NUMBER_LIMIT = Decimal(10**15)
TRUE_WORDS = {"yes", "true", "1"}
FALSE_WORDS = {"no", "false", "0"}


class _Refused(Exception):
    def __init__(self, message: str, code: str = "invalid"):
        self.message, self.code = message, code


_BLANK = object()


def is_blank(value) -> bool:
    """Not answered: nothing, only spaces, or an empty list. False and 0 are answers."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.replace("\x00", "").strip()
    return isinstance(value, list | tuple) and not value


def clean(version, raw, *, partial: bool = False) -> dict:
    """The answers in `raw`, checked against `version` and put in their stored form.

    Raises ValidationError whose error_dict is keyed by answer path ("needs.immediate",
    "household.members.2.age"), each with a message a person can act on. Unknown
    sections and questions are refused; required questions (in every row of a
    repeating group too) must be answered unless `partial` (a draft)."""
    return _Cleaner(version, partial).answers(raw)


class _Cleaner:
    def __init__(self, version, partial: bool):
        self.version = version
        self.schema = version.schema
        self.partial = partial
        self.choices = Choices(self.schema)
        self.errors: dict[str, list[ValidationError]] = {}

    def refuse(self, path: str, message: str, code: str = "invalid") -> None:
        self.errors.setdefault(path, []).append(ValidationError(message, code=code))

    def not_on_form(self, path: str) -> None:
        self.refuse(
            path,
            _("This is not a question of version %(n)s of this form.") % {"n": self.version.number},
            "unknown",
        )

    def answers(self, raw) -> dict:
        if not isinstance(raw, dict):
            raise ValidationError(
                {"__all__": _("Answers are given as {section: {question: answer}}.")}
            )
        sections = form_schema.sections(self.schema)
        known = {section["key"] for section in sections}
        for key in raw:
            if key not in known:
                self.not_on_form(str(key))
        out = {}
        for section in sections:
            cleaned = self.section(section, raw.get(section["key"]))
            if cleaned:
                out[section["key"]] = cleaned
        if self.errors:
            raise ValidationError(self.errors)
        return out

    def section(self, section: dict, raw) -> dict:
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.refuse(section["key"], _("A section's answers are given as {question: answer}."))
            return {}
        return self.fields(section["fields"], raw, section["key"])

    def fields(self, fields: list[dict], raw: dict, prefix: str) -> dict:
        known = {field["key"] for field in fields}
        for key in raw:
            if key not in known:
                self.not_on_form(f"{prefix}.{key}")
        out = {}
        for field in fields:
            value = self.field(field, raw.get(field["key"]), f"{prefix}.{field['key']}")
            if value is not _BLANK:
                out[field["key"]] = value
        return out

    def field(self, field: dict, value, path: str):
        if field["type"] == "repeating_group":
            return self.group(field, value, path)
        if is_blank(value):
            if field.get("required") and not self.partial:
                self.refuse(path, _("Answer this question."), "required")
            return _BLANK
        try:
            return COERCE[field["type"]](self, field, value)
        except _Refused as refusal:
            self.refuse(path, refusal.message, refusal.code)
            return _BLANK

    def group(self, field: dict, value, path: str):
        if is_blank(value):
            value = []
        if not isinstance(value, list):
            self.refuse(path, _("Give the rows of this group as a list."))
            return _BLANK
        rows, given = [], 0
        # Paths keep the row's position as sent, so a form can put each message
        # next to the row it belongs to even when blank rows are dropped.
        for index, row in enumerate(value):
            if row is None or (isinstance(row, dict) and all(map(is_blank, row.values()))):
                continue
            given += 1
            if not isinstance(row, dict):
                self.refuse(f"{path}.{index}", _("Each row is given as {question: answer}."))
                continue
            rows.append(self.fields(field["fields"], row, f"{path}.{index}"))
        most = form_schema.max_rows(field)
        if given > most:
            self.refuse(path, _("Give at most %(n)s rows.") % {"n": most}, "max_items")
        least = max(field.get("min_items", 0), 1 if field.get("required") else 0)
        if given < least and not self.partial:
            if least == 1:
                message = _("Add at least one row.")
            else:
                message = _("Add at least %(n)s rows.") % {"n": least}
            self.refuse(path, message, "required" if not given else "min_items")
        return rows or _BLANK

    # --- one answer of each type -----------------------------------------------

    def text(self, field: dict, value) -> str:
        if not isinstance(value, str):
            raise _Refused(_("Enter text."))
        # PostgreSQL cannot store NUL in JSON text; it is never meaningful anyway.
        text = value.replace("\x00", "").strip()
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _Refused(_("This text contains characters that cannot be stored.")) from exc
        most = form_schema.max_length(field)
        if len(text) > most:
            raise _Refused(
                _("Keep this to %(most)s characters or fewer (it has %(n)s).")
                % {"most": most, "n": len(text)},
                "max_length",
            )
        return text

    def number(self, field: dict, value) -> int | float:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _Refused(_("Enter a number."))
        if isinstance(value, float) and not math.isfinite(value):
            raise _Refused(_("Enter a number."))
        try:
            number = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation as exc:
            raise _Refused(_("Enter a number.")) from exc
        if not number.is_finite():
            raise _Refused(_("Enter a number."))
        if abs(number) >= NUMBER_LIMIT:
            raise _Refused(_("This number is too large."))
        whole = number == number.to_integral_value()
        if field.get("integer") and not whole:
            raise _Refused(_("Enter a whole number."))
        if whole:
            result: int | float = int(number)
        else:
            result = float(number)
            if result.is_integer():  # digits beyond what a float keeps
                result = int(result)
        if "min" in field and result < field["min"]:
            raise _Refused(_("Enter %(min)s or more.") % {"min": field["min"]}, "min")
        if "max" in field and result > field["max"]:
            raise _Refused(_("Enter %(max)s or less.") % {"max": field["max"]}, "max")
        return result

    def date(self, field: dict, value) -> str:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            day = value
        elif isinstance(value, str) and ISO_DATE.match(value.strip()):
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError as exc:
                raise _Refused(_("This date does not exist.")) from exc
        else:
            raise _Refused(_("Enter a date as YYYY-MM-DD."))
        if not field.get("allow_future") and day > clock.today():
            raise _Refused(_("The date cannot be in the future."), "future")
        return day.isoformat()

    def yes_no(self, field: dict, value) -> bool:
        if isinstance(value, bool):
            return value
        word = value.strip().lower() if isinstance(value, str) else None
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise _Refused(_("Answer yes or no."))

    def single_choice(self, field: dict, value) -> str:
        if not isinstance(value, str) or value not in self.choices.values(field):
            raise _Refused(self._not_a_choice(value), "invalid_choice")
        return value

    def multiple_choice(self, field: dict, value) -> list[str]:
        if not isinstance(value, list):
            raise _Refused(_("Give the chosen values as a list."))
        allowed = self.choices.values(field)
        for item in value:
            if not isinstance(item, str) or item not in allowed:
                raise _Refused(self._not_a_choice(item), "invalid_choice")
        chosen = set(value)
        return [choice for choice in allowed if choice in chosen]

    def _not_a_choice(self, value) -> str:
        shown = value if isinstance(value, str) else repr(value)
        return _("“%(value)s” is not one of the choices.") % {"value": shown[:60]}


COERCE = {
    "text": _Cleaner.text,
    "long_text": _Cleaner.text,
    "number": _Cleaner.number,
    "date": _Cleaner.date,
    "yes_no": _Cleaner.yes_no,
    "single_choice": _Cleaner.single_choice,
    "multiple_choice": _Cleaner.multiple_choice,
}


# --- reading ------------------------------------------------------------------------


def display(version, answers, user, language: str) -> list[dict]:
    """What a read-only page shows: every section {"key", "title", "fields"} with each
    question as {"key", "path", "label", "type", "value_display", "masked",
    "answered"}; a repeating group adds "columns" (its questions' labels) and
    "rows" (lists of such cells).

    A question whose sensitivity is above the reader's clearance is masked (B5), and
    so is every cell of a masked group; the reader learns only that it was answered."""
    from hearth.access import policy

    reader = _Reader(version, policy.clearance_of(user), language)
    answers = answers if isinstance(answers, dict) else {}
    with translation.override(language):
        return [
            reader.section(section, answers.get(section["key"]))
            for section in form_schema.sections(version.schema)
        ]


class _Reader:
    def __init__(self, version, clearance: int, language: str):
        self.clearance, self.language = clearance, language
        self.choices = Choices(version.schema)
        self.form_code = version.definition.code

    def section(self, section: dict, given) -> dict:
        given = given if isinstance(given, dict) else {}
        fields = []
        for field in section["fields"]:
            path = f"{section['key']}.{field['key']}"
            value = given.get(field["key"])
            if field["type"] == "repeating_group":
                fields.append(self.group(field, value, path))
            else:
                fields.append(self.cell(field, value, path, hidden=False))
        return {
            "key": section["key"],
            "title": in_language(section["title"], self.language),
            "fields": fields,
        }

    def cell(self, field: dict, value, path: str, *, hidden: bool) -> dict:
        from hearth.access.sensitivity import MASK, Level, question_level

        if not hidden and self.clearance < Level.RESTRICTED:
            level = question_level(self.form_code, path, field.get("sensitivity", 0))
            hidden = level > self.clearance
        answered = not is_blank(value)
        shown = (MASK if answered else "") if hidden else self.shown(field, value)
        return {
            "key": field["key"],
            "path": path,
            "label": in_language(field["label"], self.language),
            "type": field["type"],
            "value_display": shown,
            "masked": hidden,
            "answered": answered,
        }

    def group(self, field: dict, value, path: str) -> dict:
        rows = [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []
        entry = self.cell(field, rows, path, hidden=False)
        entry["columns"] = [in_language(m["label"], self.language) for m in field["fields"]]
        if entry["masked"]:
            # Not even how many rows: the count can say as much as the content.
            entry["rows"] = []
            return entry
        entry["value_display"] = ""
        entry["rows"] = [
            [
                self.cell(
                    member, row.get(member["key"]), f"{path}.{i}.{member['key']}", hidden=False
                )
                for member in field["fields"]
            ]
            for i, row in enumerate(rows)
        ]
        return entry

    def shown(self, field: dict, value) -> str:
        """The answer as a reader sees it, in the reader's language and formats."""
        if is_blank(value):
            return ""
        kind = field["type"]
        try:
            if kind == "yes_no":
                return _("Yes") if value else _("No")
            if kind == "number":
                return formats.number_format(value)
            if kind == "date":
                return formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
            if kind == "single_choice":
                return self.choices.label(field, value, self.language)
            if kind == "multiple_choice":
                return ", ".join(self.choices.label(field, v, self.language) for v in value)
        except (TypeError, ValueError):
            pass  # stored before a repair, or by hand: show it as it is
        return str(value)
