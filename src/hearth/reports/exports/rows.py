"""Turning cases into export rows, a batch at a time, with every cell decided by
the same rules as pages and the API:

- a field above the exporter's clearance is always masked (B5);
- in a records export, a field of level 1 or more (names, birth dates,
  identifiers, contacts, addresses and anything more sensitive) appears only
  when the exporter holds `export.identifiable` AND the case's consent to share
  stands, or the exporter recorded an override reason; otherwise it is masked;
- in a de-identified export, only the columns meant for it exist: ids become
  pseudonyms, dates become months, birth dates become age groups, areas are
  generalised to a chosen level.

Rows are read with `.values(...).iterator(chunk_size=...)` and handled in batches;
whatever a batch needs from other tables is fetched once per batch, so memory
stays flat and the number of queries grows with batches, not rows."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.access import policy, sensitivity
from hearth.cases.models import Case, ConsentRecord
from hearth.core import clock
from hearth.places.models import Location
from hearth.registry.models import PersonIdentifier
from hearth.reports.exports import pseudonyms
from hearth.reports.exports.columns import (
    BY_KEY,
    CONSENT_STATES,
    KEEP,
    MONTH,
    PSEUDONYM,
    Column,
    paths_for,
)

MASK = sensitivity.MASK
BATCH = 2000

# How a cell is decided, worked out once per column for the exporter.
SHOW, HIDE, IF_CONSENT = "show", "hide", "if_consent"


@dataclass
class Context:
    """What cells need to know about the export and the current batch."""

    labels: bool  # CSV and XLSX show labels; JSON keeps codes
    today: dt.date
    area_level: int = 6
    area_names: dict = field(default_factory=dict)
    secret: bytes = b""
    batch: dict = field(default_factory=dict)
    consent_labels: dict = field(default_factory=dict)

    def pseudonym(self, value) -> str | None:
        return pseudonyms.pseudonym(self.secret, value) if value else None


def rule_for(user, column: Column, *, deidentified: bool, override: bool) -> str:
    """SHOW, HIDE or IF_CONSENT for one column and this exporter."""
    level = sensitivity.level_of(*column.source) if column.source else 0
    if deidentified:
        # Pseudonyms, age groups and generalised areas are the de-identification
        # itself; what is kept as it is still needs the clearance to read it.
        kept = column.deid in (KEEP, MONTH)
        return HIDE if kept and level > policy.clearance_of(user) else SHOW
    if level > policy.clearance_of(user):
        return HIDE
    if level == 0:
        return SHOW
    if not policy.has_perm(user, "export.identifiable"):
        return HIDE
    return SHOW if override else IF_CONSENT


class Rows:
    """The header and the rows of one export, for one exporter."""

    def __init__(
        self,
        user,
        queryset,
        column_keys: list[str],
        *,
        deidentified: bool = False,
        override: bool = False,
        labels: bool = True,
        area_level: int = 6,
        secret: bytes = b"",
        chunk_size: int | None = None,
    ):
        self.columns = [BY_KEY[key] for key in column_keys]
        self.deidentified = deidentified
        self.rules = [
            rule_for(user, c, deidentified=deidentified, override=override) for c in self.columns
        ]
        self.ctx = Context(
            labels=labels,
            today=clock.today(),
            area_level=area_level,
            secret=secret,
            consent_labels={state: str(label) for state, label in CONSENT_STATES.items()},
        )
        if deidentified:
            self.ctx.area_names = dict(
                Location.objects.filter(depth=area_level).values_list("code", "name")
            )
        self.queryset = queryset
        self.chunk_size = chunk_size or BATCH
        self.needs = {need for c in self.columns for need in c.needs}
        if IF_CONSENT in self.rules:
            self.needs.add("consents")
        # One function per column, decided once: the per-row work stays small.
        self.cell_makers = [
            self._maker(c, r) for c, r in zip(self.columns, self.rules, strict=True)
        ]

    def header(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def __iter__(self) -> Iterator[list]:
        rows = self.queryset.values(*paths_for(self.columns)).iterator(chunk_size=self.chunk_size)
        while batch := list(islice(rows, self.chunk_size)):
            self.ctx.batch = load(self.needs, batch)
            for row in batch:
                yield [make(row) for make in self.cell_makers]

    def _consented(self, row: dict) -> bool:
        return "sharing" in self.ctx.batch["consents"].get(row["id"], ())

    def _maker(self, column: Column, rule: str):
        """The function giving this column's cell of a row."""
        if rule == HIDE:
            return lambda row: MASK
        value = self._value_maker(column)
        if rule == IF_CONSENT:
            return lambda row: value(row) if self._consented(row) else MASK
        return value

    def _value_maker(self, column: Column):
        ctx = self.ctx
        get = column.get
        if self.deidentified:
            if callable(column.deid):
                deid = column.deid
                return lambda row: deid(row, ctx)
            if column.deid == PSEUDONYM:
                return lambda row: ctx.pseudonym(get(row, ctx))
            if column.deid == MONTH:
                return lambda row: _month(_plain(get(row, ctx)))
        labels: dict | None = None
        if ctx.labels and column.choices is not None:
            labels = {code: str(label) for code, label in column.choices.choices}
        elif ctx.labels and column.boolean:
            labels = {True: _("Yes"), False: _("No")}

        def value(row):
            found = _plain(get(row, ctx))
            return found if labels is None else labels.get(found, found)

        return value


def _plain(value):
    """A value as a file holds it: nothing for blanks, text for ids, local time
    without a zone (spreadsheets have none) for moments."""
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    return value


def _month(value) -> str | None:
    return f"{value.year}-{value.month:02d}" if value else None


# --- what a batch needs from other tables, one query each ---------------------------


def load(needs: set[str], batch: list[dict]) -> dict:
    found = {}
    if "concerns" in needs:
        found["concerns"] = _concerns([row["id"] for row in batch])
    if "identifiers" in needs:
        found["identifiers"] = _identifiers({row["child_id"] for row in batch})
    if "consents" in needs:
        found["consents"] = standing_consents([row["id"] for row in batch])
    return found


def _concerns(case_ids) -> dict:
    through = Case.concerns.through
    out = defaultdict(list)
    rows = (
        through.objects.filter(case_id__in=case_ids)
        .order_by("protectionconcern__sort_order", "protectionconcern__name")
        .values_list("case_id", "protectionconcern__code", "protectionconcern__name")
    )
    for case_id, code, name in rows:
        out[case_id].append((code, name))
    return out


def _identifiers(person_ids) -> dict:
    out = defaultdict(list)
    rows = (
        PersonIdentifier.objects.filter(person_id__in=person_ids, is_voided=False)
        .order_by("type__sort_order", "value")
        .values_list("person_id", "type__name", "value")
    )
    for person_id, kind, value in rows:
        out[person_id].append((kind, value))
    return out


def standing_consents(case_ids) -> dict:
    """case id -> {kind: "given" | "override"} for the consent that stands, by the
    same rule as `registration.current_consent(case, kind).permits`: the latest
    record of the kind that is neither voided nor withdrawn, if it permits."""
    out: dict = defaultdict(dict)
    rows = (
        ConsentRecord.objects.filter(case_id__in=case_ids, is_voided=False, withdrawn_on=None)
        .order_by("case_id", "kind", "-given_on", "-created_at")
        .values_list("case_id", "kind", "given", "override")
    )
    seen = set()
    for case_id, kind, given, override in rows:
        if (case_id, kind) in seen:
            continue
        seen.add((case_id, kind))
        if given or override:
            out[case_id][kind] = "given" if given else "override"
    return out
