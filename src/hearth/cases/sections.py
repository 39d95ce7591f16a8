"""The case page is made of sections that each step contributes (assessments,
plan, services, referrals, follow-ups, care...). A section names the permission
it needs and builds its context from the case already fetched for the reader.

The case reached a section through the access getter (`queries.case_for`), so a
section reads the rows of that case by its id; what it may show of them (masked
fields, per-row actions) is still asked of the policy. See
docs/decisions/case-page-reads-by-case.md."""

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


_sections: list[Section] = []

# Rows several sections read (the case's assessments, consents, referrals...),
# kept while one page is built; None outside it.
_shared: ContextVar[dict | None] = ContextVar("case_page_rows", default=None)


def add(
    key: str, title, template: str, build: Callable, permission: str = "case.view", order: int = 50
) -> None:
    if not any(s.key == key for s in _sections):
        _sections.append(Section(key, title, template, build, permission, order))


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
    from django.db.models import Exists

    from hearth.cases.models import Case

    found = (
        Case.objects.filter(pk=case.pk)
        .order_by()
        .values(**{f"has_{kind}": Exists(rows()) for kind, rows in _kinds.items()})
        .first()
    )
    return {kind for kind in _kinds if found and found[f"has_{kind}"]}


def for_case(user, case) -> list[dict]:
    # Sections ask the policy the same questions about this case (may work, may
    # refer...): each is answered once for the page; and rows two sections show
    # are read once.
    with policy.remembering(), building():
        return [
            {"key": s.key, "title": s.title, "template": s.template, **s.build(user, case)}
            for s in sorted(_sections, key=lambda s: s.order)
            if policy.has_perm(user, s.permission)
        ]
