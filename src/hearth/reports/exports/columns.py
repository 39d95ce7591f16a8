"""The columns an export may contain: an allow-list, never "every field of the
model". Each column says where its value comes from, which field's sensitivity
level decides whether a reader may see it (B5), and what the de-identified export
does with it (kept, replaced by a pseudonym, coarsened to the month, or left out).

`get(row, ctx)` reads the value from one row of `Case.objects.values(*paths)`;
values that need other tables (concerns, identifiers, consents) come from
per-batch loaders named in `needs` (see rows.py), never one query per row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.cases.models import Case, RiskLevel
from hearth.places.models import LEVEL_FIELDS
from hearth.registry.models import Sex, YesNoUnknown, age_on
from hearth.reports.indicators.dimensions import age_bands

CHILD = "registry.person"

# What the de-identified export does with a column.
KEEP = "keep"
PSEUDONYM = "pseudonym"
MONTH = "month"


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    paths: tuple[str, ...] = ()
    get: Callable = lambda row, ctx: None  # (row, ctx) -> value
    # (model label, field) whose sensitivity level decides who may read it; None is basic.
    source: tuple[str, str] | None = None
    choices: type[models.TextChoices] | None = None  # for labels in CSV and XLSX
    # In the de-identified export: KEEP, PSEUDONYM, MONTH, a callable (row, ctx) -> value
    # replacing `get`, or None to leave the column out.
    deid: str | Callable | None = None
    records: bool = True  # offered in the records export
    needs: tuple[str, ...] = ()  # per-batch loaders
    default: bool = False  # ticked when the export form opens
    boolean: bool = False


def _source(path: str) -> tuple[str, str] | None:
    """The field a plain path reads, so a level an administrator sets on it applies."""
    if path.startswith("child__") and path.count("__") == 1:
        return (CHILD, path.removeprefix("child__"))
    if "__" not in path:
        return ("cases.case", path.removesuffix("_id") if path != "id" else path)
    return None


def _path(key, label, path, **kwargs) -> Column:
    getter = itemgetter(path)
    kwargs.setdefault("source", _source(path))
    return Column(key, label, paths=(path,), get=lambda row, ctx: getter(row), **kwargs)


def _joined(*parts):
    return lambda row, ctx: " ".join(row[p] for p in parts if row[p]) or None


def _age(row, ctx):
    return age_on(row["child__date_of_birth"], ctx.today)


def _age_band(row, ctx):
    """The age group at registration: what analysts need, without the birth date."""
    age = age_on(row["child__date_of_birth"], row["registration_date"])
    if age is None:
        return None
    for low, high, text in age_bands():
        if age >= low and (high is None or age <= high):
            return text
    return None


LEVEL_PATHS = tuple(f"location__{name}" for name in LEVEL_FIELDS)


def _area_code_at_level(row, ctx):
    """The code of the case's area at the chosen level, or of the case's own area
    when it is recorded higher up than that (it is then coarse already)."""
    codes = [row[p] for p in LEVEL_PATHS[: ctx.area_level] if row[p]]
    return codes[-1] if codes else None


def _area_at_level(row, ctx):
    code = _area_code_at_level(row, ctx)
    return ctx.area_names.get(code, code) if code else None


def _concerns(row, ctx):
    found = ctx.batch["concerns"].get(row["id"], ())
    return "; ".join(name if ctx.labels else code for code, name in found) or None


def _identifiers(row, ctx):
    found = ctx.batch["identifiers"].get(row["child_id"], ())
    return "; ".join(f"{kind}: {value}" for kind, value in found) or None


def _consent(kind):
    def get(row, ctx):
        state = ctx.batch["consents"].get(row["id"], {}).get(kind, "none")
        return ctx.consent_labels[state] if ctx.labels else state

    return get


CONSENT_STATES = {
    "given": _("given"),
    "override": _("best-interests override"),
    "none": _("none standing"),
}

COLUMNS: list[Column] = [
    _path("case_id", _("Case ID"), "id", deid=PSEUDONYM, default=True),
    _path("number", _("Case number"), "number", default=True),
    _path("status", _("Status"), "status", choices=Case.Status, deid=KEEP, default=True),
    _path(
        "registration_date", _("Registration date"), "registration_date", deid=MONTH, default=True
    ),
    _path(
        "identified_how",
        _("How the child was identified"),
        "identified_how",
        choices=Case.Identification,
        deid=KEEP,
    ),
    _path(
        "identified_by",
        _("Identified or referred by"),
        "identified_by",
        source=("cases.case", "identified_by"),
    ),
    _path("summary", _("Reason for registration"), "summary", source=("cases.case", "summary")),
    Column(
        "concerns",
        _("Protection concerns"),
        get=_concerns,
        needs=("concerns",),
        deid=KEEP,
        default=True,
    ),
    _path("risk_level", _("Risk level"), "risk_level", choices=RiskLevel, deid=KEEP, default=True),
    Column(
        "caseworker",
        _("Caseworker"),
        paths=("owner_id", "owner__first_name", "owner__last_name"),
        get=_joined("owner__first_name", "owner__last_name"),
        deid=lambda row, ctx: ctx.pseudonym(row["owner_id"]),
        default=True,
    ),
    _path("team", _("Team"), "team__name", deid=KEEP),
    _path("agency", _("Agency"), "agency__name", deid=KEEP, default=True),
    Column(
        "area_code",
        _("Area code"),
        paths=("location__code", *LEVEL_PATHS),
        get=lambda row, ctx: row["location__code"],
        deid=_area_code_at_level,
        default=True,
    ),
    Column(
        "area",
        _("Area"),
        paths=("location__name", *LEVEL_PATHS),
        get=lambda row, ctx: row["location__name"],
        deid=_area_at_level,
        default=True,
    ),
    _path("child_id", _("Child ID"), "child_id", deid=PSEUDONYM),
    _path(
        "given_name",
        _("Given name"),
        "child__given_name",
        source=(CHILD, "given_name"),
        default=True,
    ),
    _path(
        "family_name",
        _("Family name"),
        "child__family_name",
        source=(CHILD, "family_name"),
        default=True,
    ),
    _path("other_names", _("Other names"), "child__other_names", source=(CHILD, "other_names")),
    _path("sex", _("Sex"), "child__sex", choices=Sex, deid=KEEP, default=True),
    _path(
        "date_of_birth",
        _("Date of birth"),
        "child__date_of_birth",
        source=(CHILD, "date_of_birth"),
        default=True,
    ),
    _path(
        "birth_date_estimated",
        _("Date of birth estimated"),
        "child__birth_date_estimated",
        boolean=True,
    ),  # fmt: skip
    Column("age", _("Age in years"), paths=("child__date_of_birth",), get=_age, default=True),
    Column(
        "age_group",
        _("Age group at registration"),
        paths=("child__date_of_birth", "registration_date"),
        get=_age_band,
        deid=_age_band,
    ),
    _path(
        "has_disability",
        _("Has a disability"),
        "child__has_disability",
        choices=YesNoUnknown,
        deid=KEEP,
    ),
    Column(
        "disabilities",
        _("Disabilities"),
        paths=("child__disabilities",),
        get=lambda row, ctx: "; ".join(row["child__disabilities"] or []) or None,
        source=(CHILD, "disabilities"),
        deid=KEEP,
    ),
    _path("nationality", _("Nationality"), "child__nationality", source=(CHILD, "nationality")),
    _path("address", _("Address"), "child__address", source=(CHILD, "address")),
    _path("phone", _("Phone"), "child__phone", source=(CHILD, "phone")),
    _path("email", _("Email"), "child__email", source=(CHILD, "email")),
    Column(
        "identifiers",
        _("Identifiers"),
        paths=("child_id",),
        get=_identifiers,
        source=("registry.personidentifier", "value"),
        needs=("identifiers",),
    ),
    Column(
        "consent_services",
        _("Consent for services"),
        get=_consent("services"),
        needs=("consents",),
        deid=KEEP,
    ),
    Column(
        "consent_sharing",
        _("Consent for sharing"),
        get=_consent("sharing"),
        needs=("consents",),
        deid=KEEP,
    ),
    _path("assessment_due_at", _("Assessment due"), "assessment_due_at", deid=MONTH),
    _path("plan_due_on", _("Case plan due"), "plan_due_on", deid=MONTH),
    _path("review_due_on", _("Review due"), "review_due_on", deid=MONTH),
    _path("next_due_on", _("Next due"), "next_due_on", deid=MONTH),
    _path("last_activity_at", _("Last activity"), "last_activity_at", deid=MONTH),
    _path("closed_on", _("Closed on"), "closed_on", deid=MONTH),
    Column(
        "duplicate_of",
        _("Duplicate of"),
        paths=("duplicate_of_id", "duplicate_of__number"),
        get=lambda row, ctx: row["duplicate_of__number"],
        deid=lambda row, ctx: ctx.pseudonym(row["duplicate_of_id"]),
    ),
]

BY_KEY = {column.key: column for column in COLUMNS}

# How the export form groups the columns.
GROUPS = [
    (_("The case"), COLUMNS[0].key, "area"),
    (_("The child"), "child_id", "identifiers"),
    (_("Consent and deadlines"), "consent_services", COLUMNS[-1].key),
]


def grouped(kind: str) -> list[tuple[object, list[tuple[str, object]]]]:
    """The columns a kind of export may contain, in the form's groups."""
    order = [c.key for c in COLUMNS]
    chosen = {c.key for c in offered(kind)}
    out = []
    for label, first, last in GROUPS:
        keys = order[order.index(first) : order.index(last) + 1]
        out.append((label, [(k, BY_KEY[k].label) for k in keys if k in chosen]))
    return [(label, choices) for label, choices in out if choices]


def offered(kind: str) -> list[Column]:
    """The columns a kind of export may contain, in their order."""
    if kind == "deidentified":
        return [c for c in COLUMNS if c.deid is not None]
    return [c for c in COLUMNS if c.records]


def defaults(kind: str) -> list[str]:
    columns = offered(kind)
    if kind == "deidentified":
        return [c.key for c in columns]
    return [c.key for c in columns if c.default]


def paths_for(columns: list[Column]) -> list[str]:
    """The values() paths the chosen columns read, once each; the case and child ids
    always, for the per-batch loaders and the consent rule."""
    paths = {"id": None, "child_id": None}
    for column in columns:
        paths.update(dict.fromkeys(column.paths))
    return list(paths)
