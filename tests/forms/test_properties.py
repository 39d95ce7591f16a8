"""Properties that must hold for every schema and every input, not just the examples:

- any schema built by the rules passes check();
- check() never crashes on any JSON, it only lists problems;
- clean() never crashes on any answers: it returns or raises ValidationError;
- what clean() returns, clean() returns again unchanged (stored answers stay valid).
"""

import datetime as dt
import json
import math
import string

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.core import clock
from hearth.forms import answers, schema
from tests.forms.samples import unsaved_version

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

keys = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
words = st.text(string.ascii_letters + " éçøß中", min_size=1, max_size=20).filter(str.strip)
languages = st.sampled_from(["en", "fr", "ar", "pt-br", "km"])
labels = st.one_of(words, st.dictionaries(languages, words, min_size=1, max_size=3))
finite = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=15,
)


@st.composite
def choices(draw):
    values = draw(
        st.lists(st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,8}", fullmatch=True), min_size=1,
                 max_size=5, unique=True)
    )  # fmt: skip
    return [{"value": value, "label": draw(labels)} for value in values]


@st.composite
def fields(draw, key, nested=False):
    types = [t for t in schema.TYPES if not (nested and t == "repeating_group")]
    kind = draw(st.sampled_from(types))
    out = {"key": key, "type": kind, "label": draw(labels)}
    if draw(st.booleans()):
        out["required"] = draw(st.booleans())
    if draw(st.booleans()):
        out["sensitivity"] = draw(st.integers(0, 3))
    if draw(st.booleans()):
        out["help"] = draw(labels)
    if kind in ("text", "long_text") and draw(st.booleans()):
        out["max_length"] = draw(st.integers(1, 300))
    elif kind == "number":
        out["integer"] = draw(st.booleans())
        low, high = sorted(draw(st.lists(finite, min_size=2, max_size=2)))
        if draw(st.booleans()):
            out["min"] = low
        if draw(st.booleans()):
            out["max"] = high
    elif kind == "date" and draw(st.booleans()):
        out["allow_future"] = draw(st.booleans())
    elif kind in schema.CHOICE_TYPES:
        out["choices"] = draw(choices())
    elif kind == "repeating_group":
        member_keys = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
        out["fields"] = [draw(fields(k, nested=True)) for k in member_keys]
        low = draw(st.integers(0, 3))
        if draw(st.booleans()):
            out["min_items"] = low
        if draw(st.booleans()):
            out["max_items"] = draw(st.integers(max(low, 1), 6))
    return out


@st.composite
def schemas(draw):
    section_keys = draw(st.lists(keys, min_size=1, max_size=3, unique=True))
    sections = []
    for key in section_keys:
        field_keys = draw(st.lists(keys, min_size=1, max_size=5, unique=True))
        sections.append(
            {"key": key, "title": draw(labels), "fields": [draw(fields(k)) for k in field_keys]}
        )
    out = {"sections": sections}
    if draw(st.booleans()):
        out["format"] = 1
    return out


def plausible_value(field):
    """Answers near what a person might send: right, nearly right, or blank."""
    kind = field["type"]
    noise = st.one_of(st.none(), st.just(""), json_values)
    if kind in ("text", "long_text"):
        right = st.text(max_size=40)
    elif kind == "number":
        right = st.one_of(finite, finite.map(str), st.integers().map(str))
    elif kind == "date":
        right = (
            st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))
            .map(lambda d: st.sampled_from([d, d.isoformat()]))
            .flatmap(lambda s: s)
        )
    elif kind == "yes_no":
        right = st.sampled_from([True, False, "yes", "no", "Yes", "0"])
    elif kind == "single_choice":
        right = st.sampled_from([c["value"] for c in field["choices"]])
    elif kind == "multiple_choice":
        right = st.lists(st.sampled_from([c["value"] for c in field["choices"]]), max_size=4)
    else:
        row = st.fixed_dictionaries(
            {}, optional={m["key"]: plausible_value(m) for m in field["fields"]}
        )
        right = st.lists(st.one_of(row, st.none()), max_size=5)
    return st.one_of(right, right, right, noise)


def plausible_answers(form):
    return st.fixed_dictionaries(
        {},
        optional={
            section["key"]: st.fixed_dictionaries(
                {}, optional={f["key"]: plausible_value(f) for f in section["fields"]}
            )
            for section in form["sections"]
        },
    )


def valid_value(field, today):
    """An answer the field must accept (None: left blank, when it may be)."""
    kind = field["type"]
    if kind in ("text", "long_text"):
        most = min(schema.max_length(field), 40)
        right = st.text(max_size=most).filter(lambda t: len(t.strip()) <= most and t.strip())
    elif kind == "number":
        low, high = field.get("min", -1e6), field.get("max", 1e6)
        if field.get("integer"):
            right = (
                st.integers(math.ceil(low), math.floor(high))
                if math.ceil(low) <= math.floor(high)
                else st.nothing()
            )
        else:
            right = st.floats(low, high, allow_nan=False)
    elif kind == "date":
        latest = dt.date(2100, 1, 1) if field.get("allow_future") else today
        right = st.dates(dt.date(1900, 1, 1), latest).map(dt.date.isoformat)
    elif kind == "yes_no":
        right = st.booleans()
    elif kind == "single_choice":
        right = st.sampled_from([c["value"] for c in field["choices"]])
    elif kind == "multiple_choice":
        right = st.lists(st.sampled_from([c["value"] for c in field["choices"]]), min_size=1)
    else:
        least = max(field.get("min_items", 0), 1 if field.get("required") else 0)
        members = field["fields"]
        row = st.fixed_dictionaries(
            {m["key"]: valid_value(m, today) for m in members if m.get("required")},
            optional={m["key"]: valid_value(m, today) for m in members if not m.get("required")},
        ).filter(lambda r: any(v is not None for v in r.values()))
        most = min(schema.max_rows(field), max(least, 3))
        return st.lists(row, min_size=least, max_size=most)
    return right if field.get("required") else st.one_of(st.none(), right)


def valid_answers(form, today):
    return st.fixed_dictionaries(
        {
            section["key"]: st.fixed_dictionaries(
                {f["key"]: valid_value(f, today) for f in section["fields"]}
            )
            for section in form["sections"]
        }
    )


def same(a, b) -> bool:
    """Equal as stored JSON: 4 and 4.0 differ, key order does not."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@SETTINGS
@given(schemas())
def test_schemas_built_by_the_rules_pass_check(form):
    assert schema.check(form) == []


@SETTINGS
@given(st.one_of(json_values, schemas().flatmap(lambda s: st.just(s) | mangled(s))))
def test_check_lists_problems_and_never_crashes(value):
    problems = schema.check(value)
    assert all(isinstance(p, str) and p for p in problems)


def mangled(form):
    """A valid schema with one value somewhere replaced by random JSON."""

    def spoil(node, replacement, path):
        if not path:
            return replacement
        step, rest = path[0], path[1:]
        if isinstance(node, dict) and node:
            key = sorted(node)[step % len(node)]
            return {**node, key: spoil(node[key], replacement, rest)}
        if isinstance(node, list) and node:
            index = step % len(node)
            return [*node[:index], spoil(node[index], replacement, rest), *node[index + 1 :]]
        return replacement

    return st.builds(spoil, st.just(form), json_values, st.lists(st.integers(0, 9), max_size=6))


@SETTINGS
@given(st.data())
def test_clean_only_ever_raises_validation_errors_and_is_idempotent(data):
    form = data.draw(schemas(), label="schema")
    raw = data.draw(st.one_of(plausible_answers(form), json_values), label="answers")
    partial = data.draw(st.booleans(), label="partial")
    version = unsaved_version(form)
    try:
        cleaned = answers.clean(version, raw, partial=partial)
    except ValidationError as error:
        assert error.error_dict, "errors are always reported by path"
        for path, errors in error.error_dict.items():
            assert isinstance(path, str)
            assert all(m for e in errors for m in e.messages)
        return
    json.dumps(cleaned)  # storable as JSON as it is
    again = answers.clean(version, cleaned, partial=partial)
    assert same(again, cleaned)
    if not partial:
        # Complete answers are also acceptable as a draft, unchanged.
        assert same(answers.clean(version, cleaned, partial=True), cleaned)


@SETTINGS
@given(st.data())
def test_valid_answers_are_accepted_and_stay_valid(data):
    form = data.draw(schemas(), label="schema")
    raw = data.draw(valid_answers(form, clock.today()), label="answers")
    version = unsaved_version(form)
    cleaned = answers.clean(version, raw)
    assert same(answers.clean(version, cleaned), cleaned)
