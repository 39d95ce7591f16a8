"""My tasks (G1): everything a worker has to do next, as one list of uniform rows.

The work on the user's own cases (the first six kinds below) is kept as data, in
the open work items (`task_items`, kept by `hearth.cases.work`): one count for all
of them, one query for a page's first ids, one to read those. Each other kind is
one query over the rows it lives on (deadlines are data: "overdue" is a query),
started from the cases the user may see, never one query per case. Every kind is
ordered by due date, so a page of the merged list only needs the first
`page * per` rows of each; counts are one aggregate per kind. Overdue comes
first, then by due date: with due dates in ascending order that is the same thing.

Kinds, and on which rows:
  assessment   own cases still registered, by their assessment deadline
  case_plan    own cases assessed and waiting for their plan
  plan_action  actions of approved plans on own cases, not done
  service      planned services on own cases, not delivered
  follow_up    follow-ups and visits on own cases, not done
  review       case reviews due on own cases with a plan
  approval     requests waiting for this user's decision (supervisors)
  referral     referrals to the user (or their agency) waiting for an answer
  transfer     transfers to the user (or their agency) waiting for an answer
  care_*       the care module's tasks (placement reviews, gatekeeping...)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hearth.access import policy
from hearth.cases import task_items
from hearth.cases.task_sources import (
    KINDS,
    Source,
    Task,
    answer_days,
    care_tasks_of,
    sources_for,
)
from hearth.core import clock

__all__ = ["KINDS", "WHEN", "Task", "TaskList", "task_list"]

WHEN = ("overdue", "week")
REFERRALS_READ = 500
WEEK = dt.timedelta(days=7)


# --- filters, counts and pages ------------------------------------------------------------


def _bounds(source: Source, today: dt.date, when: str) -> Q:
    """The rows of `source` that are overdue ("overdue") or due within a week
    ("week", overdue included), as a filter on its due field."""
    if when not in WHEN:
        return Q()
    limit = today if when == "overdue" else today + WEEK + dt.timedelta(days=1)
    if source.is_datetime:
        moment = clock.now() if when == "overdue" and not source.shift else clock.start_of(limit)
        return Q(**{f"{source.due_field}__lt": moment - source.shift})
    if source.kind == "referral":  # no answer-by date: created + answer_days
        wait = answer_days()
        return Q(respond_by__lt=limit) | Q(
            respond_by__isnull=True, created_at__lt=clock.start_of(limit - wait)
        )
    return Q(**{f"{source.due_field}__lt": limit})


def _ordered(source: Source) -> QuerySet:
    if source.kind == "referral":
        return source.rows().order_by("created_at", "pk")
    return source.rows().order_by(source.due_field, "pk")


@dataclass
class TaskList:
    """A user's tasks: counts per kind, and pages of the merged list."""

    user: object
    today: dt.date
    now: dt.datetime = field(default_factory=clock.now)
    kind: str = ""
    when: str = ""
    sources: list[Source] = field(default_factory=list)
    care: list = field(default_factory=list)
    # The open work items on the user's own cases (None: they may not see cases).
    items: QuerySet | None = None
    _counts: dict | None = None

    def _chosen(self) -> list[Source]:
        if self.kind in ("", None):
            return self.sources
        return [s for s in self.sources if s.kind == self.kind]

    def _chosen_items(self) -> QuerySet | None:
        if self.items is None or self.kind not in ("", None, *task_items.KINDS):
            return None
        return self.items.filter(kind=self.kind) if self.kind else self.items

    def counts(self) -> dict[str, dict[str, int]]:
        """kind -> {"total", "overdue", "week"}, whatever the filters; one query for
        the kept kinds and one per other kind, kept for the list's lifetime (a page
        asks for counts and total)."""
        if self._counts is None:
            self._counts = self._count()
        return self._counts

    def _count(self) -> dict[str, dict[str, int]]:
        out = {}
        if self.items is not None:
            out = task_items.counts(self.items, self.today, self.now)
        for source in self.sources:
            agg = (
                source.rows()
                .order_by()
                .aggregate(
                    total=Count("pk"),
                    overdue=Count("pk", filter=_bounds(source, self.today, "overdue")),
                    week=Count("pk", filter=_bounds(source, self.today, "week")),
                )
            )
            out[source.kind] = agg
        care = self.care
        if care:
            out["care"] = {
                "total": len(care),
                "overdue": sum(1 for t in care if t.overdue),
                "week": sum(1 for t in care if t.due <= self.today + WEEK),
            }
        return out

    def total(self) -> int:
        """How many tasks the filters select (from the counts: no query of its own)."""
        counts = self.counts()
        column = self.when if self.when in WHEN else "total"
        kinds = [s.kind for s in self._chosen()] + (["care"] if self.kind in ("", "care") else [])
        if self._chosen_items() is not None:
            kinds += [self.kind] if self.kind else list(task_items.KINDS)
        return sum(counts[k][column] for k in kinds if k in counts)

    def first(self, n: int) -> list[Task]:
        """The first `n` tasks of the merged list, overdue first then by due date."""
        care = self._care_filtered()
        # Three steps. 1: the first `n` ids of each kind in due order, with the due
        # value, from the narrow rows and their index alone (the kept kinds all at
        # once, from the open work items). 2: their place in the merged list
        # (overdue, due day) says which cannot be among the first `n`: those after
        # the n-th place. 3: only the others are read in full, with case and child.
        candidates: list[tuple[Source | None, object, tuple | None]] = []
        items = self._chosen_items()
        if items is not None:
            chosen_items = items.filter(task_items.within(self.today, self.now, self.when))
            for key, (waiting, due) in task_items.first(chosen_items, n, self.today, self.now):
                candidates.append((None, key, (waiting, due)))
        for source in self._chosen():
            # Referrals without an answer-by date are due a week after they came, an
            # order SQL does not give: they are few, so read them all (up to a cap).
            limit = max(n, REFERRALS_READ) if source.kind == "referral" else n
            chosen = _ordered(source).filter(_bounds(source, self.today, self.when))
            if source.kind == "referral":  # placed only once read in full
                keys = chosen.values_list("pk", flat=True)[:limit]
                candidates += [(source, key, None) for key in keys]
                continue
            for key, value in chosen.values_list("pk", source.due_field)[:limit]:
                candidates.append((source, key, self._place(source, value)))
        places = sorted(
            [place for _s, _k, place in candidates if place is not None]
            + [(not task.overdue, task.due) for task in care]
        )
        last = places[n - 1] if n and len(places) >= n else None
        wanted: dict[str, list] = {}
        for origin, key, place in candidates:
            # A kind's first row is read even when it falls after the n-th place:
            # one read per kind with tasks, so the same number of queries at every
            # page size (the extra row is sorted out below).
            name = origin.kind if origin else "items"
            first_of_kind = name not in wanted
            if first_of_kind or place is None or last is None or place <= last:
                wanted.setdefault(name, []).append(key)
        # Within a kind, ties on a due day are broken as the kind's rows were cut
        # above: by the due value, then the row's id. Any other tie-break (the case
        # number, say) could want a row that was cut, and leave a task off its page.
        found = [(_tie_break_in_memory(task), task) for task in care]
        if wanted.get("items"):
            found += task_items.read(wanted["items"], self.user, self.today, self.now)
        for source in self._chosen():
            chosen_keys = wanted.get(source.kind)
            if not chosen_keys:
                continue
            for row in _by_keys(source.rows(), chosen_keys):
                task = source.to_task(row)
                if source.kind == "referral":  # read whole, so any tie-break holds
                    found.append((_tie_break_in_memory(task), task))
                else:
                    found.append(((getattr(row, source.due_field), row.pk), task))
        found.sort(key=lambda pair: (*pair[1].sort_key()[:3], pair[0]))
        return [task for _tie, task in found[:n]]

    def _place(self, source: Source, value) -> tuple[bool, dt.date]:
        """(not overdue, due day) of a row from its due value, as its Task will
        have them (see the to_task makers in task_sources)."""
        if not source.is_datetime:
            return (not value < self.today, value)
        day = timezone.localdate(value)
        if source.shift:  # requests waiting for an answer: due days after they came
            due = day + source.shift
            return (not due < self.today, due)
        return (not value < self.now, day)

    def page(self, number: int, per: int) -> list[Task]:
        return self.first(number * per)[(number - 1) * per :]

    def _care_filtered(self) -> list[Task]:
        if self.kind not in ("", "care"):
            return []
        tasks = self.care
        if self.when == "overdue":
            tasks = [t for t in tasks if t.overdue]
        elif self.when == "week":
            tasks = [t for t in tasks if t.due <= self.today + WEEK]
        return tasks


def _tie_break_in_memory(task: Task) -> tuple:
    return (task.case_number, task.key)


def _by_keys(rows: QuerySet, keys: list) -> QuerySet:
    """The rows with these keys, with the joins of `rows` but not its filters: the
    keys were chosen through them (the visible set included), and repeating them
    made the database rebuild the user's own cases for each kind (10-20 ms each
    at a thousand cases) to fetch fifty rows by primary key."""
    if rows.query.annotations:  # values made by the query: keep it whole
        return rows.filter(pk__in=keys)
    fresh = rows.model._default_manager.filter(pk__in=keys)
    fresh.query.select_related = rows.query.select_related
    return fresh


def task_list(user, *, kind: str = "", when: str = "", today: dt.date | None = None) -> TaskList:
    """The user's tasks, filtered by kind ("" for all, "care" for the care module's)
    and by "overdue" or "week" (due within seven days, overdue included)."""
    today = today or clock.today()
    now = clock.now()
    sees = policy.has_perm(user, "case.view")
    sources = sources_for(user, today, now) if sees else []
    care = care_tasks_of(user, today)
    return TaskList(
        user=user,
        today=today,
        now=now,
        kind=kind,
        when=when,
        sources=sources,
        care=care,
        items=task_items.own_items(user) if sees else None,
    )
