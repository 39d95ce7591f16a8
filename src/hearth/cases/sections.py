"""The case page is made of sections that each step contributes (assessments,
plan, services, referrals, follow-ups, care...). A section names the permission
it needs and builds its context from the case already fetched for the reader.

The case reached a section through the access getter (`queries.case_for`), so a
section reads the rows of that case by its id; what it may show of them (masked
fields, per-row actions) is still asked of the policy. See
docs/decisions/case-page-reads-by-case.md."""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import QuerySet

from hearth.access import policy

T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    template: str
    build: Callable  # (user, case) -> dict
    permission: str = "case.view"
    order: int = 50
    # What the section (and its template) asks the policy of the case, answered
    # for the whole page in one query (`policy.can_all`).
    asks: tuple[str, ...] = ()


_sections: list[Section] = []

# Rows several sections read (the case's assessments, consents, referrals...),
# kept while one page is built; None outside it.
_shared: ContextVar[dict | None] = ContextVar("case_page_rows", default=None)


def add(
    key: str,
    title,
    template: str,
    build: Callable,
    permission: str = "case.view",
    order: int = 50,
    asks: tuple[str, ...] = (),
) -> None:
    if not any(s.key == key for s in _sections):
        _sections.append(Section(key, title, template, build, permission, order, asks))


@contextmanager
def building() -> Iterator[None]:
    """Within the block, `shared` reads each kind of row of a case once. Reads
    only, like `policy.remembering()`: a write inside could make the rows stale."""
    if _shared.get() is not None:  # nested: share the outer rows
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(case, key: str, read: Callable[[], T]) -> T:
    """`read()` once per case and key while a page is built (`building`), so two
    sections showing the same rows (the referrals list and the closure's
    blockers...) ask the database once; every call reads afresh outside it."""
    memo = _shared.get()
    if memo is None:
        return read()
    slot = (case.pk, key)
    if slot not in memo:
        memo[slot] = read()
    return memo[slot]


# Kinds of rows many cases never have (transfers, court orders, care...): each
# is a queryset of the kind's live rows, filtered on the case as OuterRef.
_kinds: dict[str, Callable[[], QuerySet]] = {}


def holds(kind: str, rows: Callable[[], QuerySet]) -> None:
    """Declare a kind of rows a section reads, so that while a page is built one
    query tells which kinds the case has and sections skip reading the others.
    `rows()` must select every row the section could show (of any status)."""
    _kinds.setdefault(kind, rows)


def has(case, kind: str) -> bool:
    """Whether the case may have rows of `kind`: inside `building()` the answer of
    one query for all kinds; outside it always True (the caller reads)."""
    if _shared.get() is None:
        return True
    return kind in shared(case, "kinds present", lambda: _present(case))


def _present(case) -> set[str]:
    from django.db import connections

    from hearth.cases.models import Case

    kinds = tuple(_kinds)
    alias = Case.objects.db
    sql, params, slots = _presence_sql(alias, kinds)
    key = Case._meta.pk.get_db_prep_value(case.pk, connections[alias])
    params = [key if i in slots else p for i, p in enumerate(params)]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    return {kind for kind, there in zip(kinds, found or (), strict=False) if there}


# Building the presence query (a dozen EXISTS) costs Django more than running it
# does (about 1 ms each): it is built once per database and set of kinds, for a
# placeholder case, and run with the case's key in the placeholder's places.
_PLACEHOLDER = uuid.UUID(int=0)
_compiled: dict[tuple, tuple[str, list, frozenset[int]]] = {}


def _presence_sql(alias: str, kinds: tuple[str, ...]) -> tuple[str, list, frozenset[int]]:
    from django.db import connections
    from django.db.models import Exists

    from hearth.cases.models import Case

    if (alias, kinds) not in _compiled:
        qs = (
            Case.objects.using(alias)
            .filter(pk=_PLACEHOLDER)
            .order_by()
            .values(**{f"has_{kind}": Exists(_kinds[kind]()) for kind in kinds})
        )
        sql, params = qs.query.get_compiler(alias).as_sql()
        placeholder = Case._meta.pk.get_db_prep_value(_PLACEHOLDER, connections[alias])
        slots = frozenset(i for i, p in enumerate(params) if p == placeholder)
        _compiled[(alias, kinds)] = (sql, list(params), slots)
    return _compiled[(alias, kinds)]


# What the page around the sections asks (cases/detail.html).
PAGE_ASKS = ("case.work", "case.void")


def for_case(user, case) -> list[dict]:
    # Sections ask the policy the same questions about this case (may work, may
    # refer...): all are answered at once for the page; and rows two sections
    # show are read once.
    with policy.remembering(), building():
        shown = [
            s
            for s in sorted(_sections, key=lambda s: s.order)
            if policy.has_perm(user, s.permission)
        ]
        policy.can_all(user, [*PAGE_ASKS, *(p for s in shown for p in s.asks)], case)
        return [
            {"key": s.key, "title": s.title, "template": s.template, **s.build(user, case)}
            for s in shown
        ]
