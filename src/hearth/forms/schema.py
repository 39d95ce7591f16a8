"""The form schema format (format 1; described for administrators in docs/forms.md)
and `check`, which finds every problem in a schema before it can be published.

    {"format": 1, "title": "...", "sections": [
      {"key": "needs", "title": "Needs", "help": "...", "fields": [
        {"key": "immediate", "type": "long_text", "label": "...", "required": true,
         "help": "...", "sensitivity": 2}, ...]}]}

Keys start with a letter and use lower-case letters, digits and underscores, so an
answer's path ("household.members.2.age") can never be ambiguous. Labels, titles
and help are text or {language code: text}."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from hearth.forms.text import text_problems

FORMAT = 1
TYPES = (
    "text",
    "long_text",
    "number",
    "date",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "repeating_group",
)
CHOICE_TYPES = ("single_choice", "multiple_choice")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
CHOICE_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$")

# Longest answer kept when a question sets no max_length, and the most it may set.
TEXT_MAX = 500
LONG_TEXT_MAX = 10000
# Most rows any repeating group holds, whatever its max_items says.
ROWS_LIMIT = 100
SENSITIVITY_LEVELS = range(0, 4)

TOP_PROPERTIES = {"format", "title", "sections"}
SECTION_PROPERTIES = {"key", "title", "help", "fields"}
FIELD_PROPERTIES = {"key", "type", "label", "required", "help", "sensitivity"}
TYPE_PROPERTIES = {
    "text": {"max_length"},
    "long_text": {"max_length"},
    "number": {"min", "max", "integer"},
    "date": {"allow_future"},
    "single_choice": {"choices", "lookup"},
    "multiple_choice": {"choices", "lookup"},
    "yes_no": set(),
    "repeating_group": {"fields", "min_items", "max_items"},
}
CHOICE_PROPERTIES = {"value", "label"}


# --- reading a schema that passed check() ------------------------------------------


def sections(schema: dict) -> list[dict]:
    return schema.get("sections", []) if isinstance(schema, dict) else []


def walk(schema: dict) -> Iterator[tuple[str, dict]]:
    """(path, field) for every question, group members included ("household.members.age")."""
    for section in sections(schema):
        for field in section.get("fields", []):
            path = f"{section['key']}.{field['key']}"
            yield path, field
            if field.get("type") == "repeating_group":
                for member in field.get("fields", []):
                    yield f"{path}.{member['key']}", member


def lookup_codes(schema: dict) -> set[str]:
    return {
        field["lookup"] for _path, field in walk(schema) if isinstance(field.get("lookup"), str)
    }


def max_length(field: dict) -> int:
    default = LONG_TEXT_MAX if field.get("type") == "long_text" else TEXT_MAX
    return field.get("max_length") or default


def max_rows(field: dict) -> int:
    return min(field.get("max_items") or ROWS_LIMIT, ROWS_LIMIT)


def number_bound(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- check --------------------------------------------------------------------------


def check(schema, *, lookups: set[str] | None = None) -> list[str]:
    """Every problem with `schema`, one message each; empty when it can be published.

    `lookups` is the set of lookup codes that exist; by default they are read from
    the database, and only when the schema names one."""
    if not isinstance(schema, dict):
        return [_("The form must be a JSON object with a list of sections.")]
    problems: list[str] = []
    for name in sorted(set(schema) - TOP_PROPERTIES, key=str):
        problems.append(_("Unknown property “%(name)s” at the top of the form.") % {"name": name})
    if "format" in schema and schema["format"] != FORMAT:
        problems.append(_("Only format %(n)s is understood.") % {"n": FORMAT})
    if "title" in schema:
        problems += text_problems(schema["title"], _("form title"))
    found = schema.get("sections")
    if not isinstance(found, list) or not found:
        problems.append(_("The form needs a list of sections, with at least one section."))
        return problems
    named_lookups: dict[str, list[str]] = {}
    keys = _Keys(problems, _("Two sections have the key “%(key)s”."))
    for index, section in enumerate(found, start=1):
        problems += _check_section(section, index, keys, named_lookups)
    problems += _check_lookups(named_lookups, lookups)
    return problems


class _Keys:
    """Collects keys at one level and reports each one used twice."""

    def __init__(self, problems: list[str], message: str, where: str = ""):
        self.seen: set[str] = set()
        self.problems, self.message, self.where = problems, message, where

    def add(self, key: str) -> None:
        if key in self.seen:
            text = self.message % {"key": key}
            self.problems.append(f"{self.where}: {text}" if self.where else text)
        self.seen.add(key)


def _key_problem(key, where: str) -> str | None:
    if key is None or key == "":
        return _("%(where)s: the key is missing.") % {"where": where}
    if not isinstance(key, str) or not KEY.match(key):
        return _(
            "%(where)s: the key “%(key)s” must start with a lower-case letter and use only "
            "lower-case letters, digits and underscores (at most 60)."
        ) % {"where": where, "key": key}
    return None


def _check_section(section, index: int, keys: _Keys, named_lookups) -> list[str]:
    where = _("section %(n)s") % {"n": index}
    if not isinstance(section, dict):
        return [_("%(where)s must be a JSON object.") % {"where": where}]
    problems = []
    key = section.get("key")
    problem = _key_problem(key, where)
    if problem:
        problems.append(problem)
    else:
        where = str(key)
        keys.add(where)
    for name in sorted(set(section) - SECTION_PROPERTIES, key=str):
        problems.append(
            _("%(where)s: unknown property “%(name)s”.") % {"where": where, "name": name}
        )
    if "title" not in section:
        problems.append(_("%(where)s: the title is missing.") % {"where": where})
    else:
        problems += [f"{where}: {p}" for p in text_problems(section["title"], _("title"))]
    if "help" in section:
        problems += [f"{where}: {p}" for p in text_problems(section["help"], _("help text"))]
    fields = section.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append(_("%(where)s: give a list of fields, at least one.") % {"where": where})
        return problems
    field_keys = _Keys(problems, _("two questions have the key “%(key)s”."), where)
    for number, field in enumerate(fields, start=1):
        problems += _check_field(field, where, number, field_keys, named_lookups, nested=False)
    return problems


def _check_field(field, parent: str, number: int, keys: _Keys, named_lookups, *, nested):
    where = _("%(parent)s, question %(n)s") % {"parent": parent, "n": number}
    if not isinstance(field, dict):
        return [_("%(where)s must be a JSON object.") % {"where": where}]
    problems = []
    key = field.get("key")
    problem = _key_problem(key, where)
    if problem:
        problems.append(problem)
    else:
        where = f"{parent}.{key}"
        keys.add(str(key))
    kind = field.get("type")
    if kind not in TYPES:
        problems.append(
            _("%(where)s: unknown type “%(type)s”; use one of %(types)s.")
            % {"where": where, "type": kind, "types": ", ".join(TYPES)}
        )
        return problems
    if nested and kind == "repeating_group":
        problems.append(
            _("%(where)s: a repeating group cannot hold another repeating group.")
            % {"where": where}
        )
        return problems
    for name in sorted(set(field) - FIELD_PROPERTIES - TYPE_PROPERTIES[kind], key=str):
        problems.append(
            _("%(where)s: “%(name)s” is not a property of a %(type)s question.")
            % {"where": where, "name": name, "type": kind}
        )
    if "label" not in field:
        problems.append(_("%(where)s: the label is missing.") % {"where": where})
    else:
        problems += [f"{where}: {p}" for p in text_problems(field["label"], _("label"))]
    if "help" in field:
        problems += [f"{where}: {p}" for p in text_problems(field["help"], _("help text"))]
    problems += _flag(field, "required", where)
    level = field.get("sensitivity", 0)
    if not isinstance(level, int) or isinstance(level, bool) or level not in SENSITIVITY_LEVELS:
        problems.append(
            _("%(where)s: sensitivity is a level from 0 (basic) to 3 (restricted).")
            % {"where": where}
        )
    problems += TYPE_CHECKS.get(kind, _no_more)(field, where, named_lookups)
    return problems


def _flag(field: dict, name: str, where: str) -> list[str]:
    if name in field and not isinstance(field[name], bool):
        return [_("%(where)s: “%(name)s” is true or false.") % {"where": where, "name": name}]
    return []


def _count(field: dict, name: str, where: str, low: int, high: int) -> list[str]:
    if name not in field:
        return []
    value = field[name]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return [
            _("%(where)s: “%(name)s” is a whole number from %(low)s to %(high)s.")
            % {"where": where, "name": name, "low": low, "high": high}
        ]
    return []


def _no_more(field, where, named_lookups) -> list[str]:
    return []


def _check_text(field, where, named_lookups) -> list[str]:
    return _count(field, "max_length", where, 1, LONG_TEXT_MAX)


def _check_number(field, where, named_lookups) -> list[str]:
    problems = _flag(field, "integer", where)
    for name in ("min", "max"):
        if name in field and not number_bound(field[name]):
            problems.append(
                _("%(where)s: “%(name)s” must be a number.") % {"where": where, "name": name}
            )
    low, high = field.get("min"), field.get("max")
    if number_bound(low) and number_bound(high) and low > high:
        problems.append(_("%(where)s: “min” is larger than “max”.") % {"where": where})
    return problems


def _check_date(field, where, named_lookups) -> list[str]:
    return _flag(field, "allow_future", where)


def _check_choices(field, where, named_lookups) -> list[str]:
    has_choices, has_lookup = "choices" in field, "lookup" in field
    if has_choices == has_lookup:
        return [
            _("%(where)s: give either “choices” or “lookup” (the code of a lookup list).")
            % {"where": where}
        ]
    if has_lookup:
        code = field["lookup"]
        if not isinstance(code, str) or not code:
            return [_("%(where)s: “lookup” is the code of a lookup list.") % {"where": where}]
        named_lookups.setdefault(code, []).append(where)
        return []
    choices = field["choices"]
    if not isinstance(choices, list) or not choices:
        return [_("%(where)s: “choices” is a list with at least one choice.") % {"where": where}]
    problems: list[str] = []
    values = _Keys(problems, _("two choices have the value “%(key)s”."), where)
    for number, choice in enumerate(choices, start=1):
        at = _("%(where)s, choice %(n)s") % {"where": where, "n": number}
        if not isinstance(choice, dict):
            problems.append(_('%(where)s must be {"value": ..., "label": ...}.') % {"where": at})
            continue
        for name in sorted(set(choice) - CHOICE_PROPERTIES, key=str):
            problems.append(
                _("%(where)s: unknown property “%(name)s”.") % {"where": at, "name": name}
            )
        value = choice.get("value")
        if not isinstance(value, str) or not CHOICE_VALUE.match(value):
            problems.append(
                _(
                    "%(where)s: the value must be letters, digits, dots, dashes or "
                    "underscores, starting with a letter or digit."
                )
                % {"where": at}
            )
        else:
            values.add(value)
        if "label" not in choice:
            problems.append(_("%(where)s: the label is missing.") % {"where": at})
        else:
            problems += [f"{at}: {p}" for p in text_problems(choice["label"], _("label"))]
    return problems


def _check_group(field, where, named_lookups) -> list[str]:
    problems = _count(field, "min_items", where, 0, ROWS_LIMIT)
    problems += _count(field, "max_items", where, 1, ROWS_LIMIT)
    low, high = field.get("min_items"), field.get("max_items")
    if isinstance(low, int) and isinstance(high, int) and not problems and low > high:
        problems.append(_("%(where)s: “min_items” is larger than “max_items”.") % {"where": where})
    members = field.get("fields")
    if not isinstance(members, list) or not members:
        problems.append(
            _("%(where)s: a repeating group needs a list of fields, at least one.")
            % {"where": where}
        )
        return problems
    keys = _Keys(problems, _("two questions have the key “%(key)s”."), where)
    for number, member in enumerate(members, start=1):
        problems += _check_field(member, where, number, keys, named_lookups, nested=True)
    return problems


TYPE_CHECKS = {
    "text": _check_text,
    "long_text": _check_text,
    "number": _check_number,
    "date": _check_date,
    "single_choice": _check_choices,
    "multiple_choice": _check_choices,
    "repeating_group": _check_group,
}


def _check_lookups(named: dict[str, list[str]], known: set[str] | None) -> list[str]:
    if not named:
        return []
    if known is None:
        from hearth.forms.models import Lookup

        known = set(Lookup.objects.filter(code__in=list(named)).values_list("code", flat=True))
    return [
        _("%(where)s: unknown lookup list “%(code)s”.") % {"where": where, "code": code}
        for code, places in named.items()
        if code not in known
        for where in places
    ]
