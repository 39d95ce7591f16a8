"""My tasks (G1): everything a worker has to do next, as one list of uniform rows.

Each kind of task is one query over the rows it lives on (deadlines are data:
"overdue" is a query), started from the cases the user may see, never one query
per case. Every kind is ordered by due date, so a page of the merged list only
needs the first `page * per` rows of each kind; counts are one aggregate per
kind. Overdue comes first, then by due date: with due dates in ascending order
that is the same thing.

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
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy, sensitivity
from hearth.cases.access import visible_cases
from hearth.cases.models import (
    Case,
    CasePlan,
    FollowUp,
    PlanAction,
    Referral,
    Service,
    Transfer,
)
from hearth.core import clock, config

config.register(
    "cases.answer_days",
    7,
    gettext_lazy(
        "Days within which an approval request, a referral without an answer-by date "
        "or a transfer should be answered before it shows as overdue (G1, G2)."
    ),
)

KINDS = {
    "assessment": gettext_lazy("Assessment"),
    "case_plan": gettext_lazy("Case plan"),
    "plan_action": gettext_lazy("Plan action"),
    "service": gettext_lazy("Service"),
    "follow_up": gettext_lazy("Follow-up"),
    "review": gettext_lazy("Case review"),
    "approval": gettext_lazy("Approval waiting"),
    "referral": gettext_lazy("Referral to answer"),
    "transfer": gettext_lazy("Transfer to answer"),
    "care": gettext_lazy("Care"),
}
WHEN = ("overdue", "week")
REFERRALS_READ = 500
WEEK = dt.timedelta(days=7)
OPEN_WITH_PLAN = (
    Case.Status.PLAN_APPROVED,
    Case.Status.IN_IMPLEMENTATION,
    Case.Status.UNDER_REVIEW,
)


@dataclass(frozen=True)
class Task:
    kind: str
    title: str
    case_id: uuid.UUID
    case_number: str
    child: str  # the child's name as this reader may see it
    due: dt.date
    overdue: bool
    link: str
    key: str  # names the row and the occasion: stable across pages and runs

    @property
    def kind_label(self) -> str:
        if self.kind.startswith("care_"):
            from hearth.care.tasks import KINDS as CARE_KINDS

            return str(CARE_KINDS.get(self.kind.removeprefix("care_"), KINDS["care"]))
        return str(KINDS[self.kind])

    def sort_key(self):
        """Overdue first, then by due day; kinds in a fixed order on the same day."""
        return (not self.overdue, self.due, self.kind)


def _answer_days() -> dt.timedelta:
    return dt.timedelta(days=int(config.get("cases.answer_days")))


def own_cases(user) -> QuerySet[Case]:
    """Open cases the user owns or is assigned to, among those they may see."""
    from hearth.cases.queries import own_q

    return visible_cases(user).filter(own_q(user)).exclude(status=Case.Status.CLOSED)


def child_label(user, child) -> str:
    """The child's name as the reader's clearance shows it (masked above it)."""
    parts = [sensitivity.value(user, child, f) for f in ("given_name", "family_name")]
    return " ".join(str(p) for p in parts if p) or "—"


# --- one source per kind ---------------------------------------------------------------


@dataclass
class Source:
    """How one kind of task is read: its rows ordered by due date, the names of its
    due-date field (for filters and counts) and how a row becomes a Task."""

    kind: str
    rows: Callable[[], QuerySet]
    due_field: str
    to_task: Callable
    # A datetime deadline (the assessment's) is overdue from its moment, not its day.
    is_datetime: bool = False
    # Due = the row's date + answer_days (requests waiting for an answer).
    shift: dt.timedelta = field(default_factory=dt.timedelta)
    # Kinds that are deadlines on the user's own cases: which of those cases (the
    # rows are `own.filter(on_case)`), so their counts share one aggregate.
    on_case: Q | None = None
    own: QuerySet | None = None


_ZERO = uuid.UUID(int=0)


def _detail(case_id, anchor: str) -> str:
    # reverse() once per list would do; it is the same path with another id.
    return _detail_pattern().replace(str(_ZERO), str(case_id)) + f"#{anchor}"


@functools.lru_cache(maxsize=1)
def _detail_pattern() -> str:
    return reverse("cases:detail", args=[_ZERO])


def _sources(user, today: dt.date, now: dt.datetime) -> list[Source]:
    # The user's own open cases, found by the owner index, as a subquery: every kind
    # below is then an indexed read of its rows on those cases. (A literal list of
    # ids costs PostgreSQL a test of each case against the list.)
    mine = own_cases(user)
    ids = mine.values("pk")

    def case_task(kind, due, title, anchor):
        def make(case):
            return Task(
                kind=kind,
                title=title(case),
                case_id=case.pk,
                case_number=case.number,
                child=child_label(user, case.child),
                due=due(case),
                overdue=due(case) < today,
                link=_detail(case.pk, anchor),
                key=f"{kind}:{case.pk}:{due(case)}",
            )

        return make

    def row_task(kind, title, anchor, due_attr="due_on"):
        def make(row):
            due = getattr(row, due_attr)
            return Task(
                kind=kind,
                title=title(row),
                case_id=row.case_id,
                case_number=row.case.number,
                child=child_label(user, row.case.child),
                due=due,
                overdue=due < today,
                link=_detail(row.case_id, anchor),
                key=f"{kind}:{row.pk}:{due}",
            )

        return make

    def assessment(case):
        moment = case.assessment_due_at
        day = timezone.localdate(moment)
        return Task(
            kind="assessment",
            title=_("Assess the child (case %(n)s)") % {"n": case.number},
            case_id=case.pk,
            case_number=case.number,
            child=child_label(user, case.child),
            due=day,
            overdue=moment < now,
            link=_detail(case.pk, "assessments"),
            key=f"assessment:{case.pk}:{day}",
        )

    to_assess = Q(status=Case.Status.REGISTERED, assessment_due_at__isnull=False)
    to_plan = Q(status=Case.Status.ASSESSED, plan_due_on__isnull=False)
    to_review = Q(status__in=OPEN_WITH_PLAN, review_due_on__isnull=False)
    sources = [
        Source(
            "assessment",
            lambda: mine.filter(to_assess).select_related("child"),
            "assessment_due_at",
            assessment,
            is_datetime=True,
            on_case=to_assess,
            own=mine,
        ),
        Source(
            "case_plan",
            lambda: mine.filter(to_plan).select_related("child"),
            "plan_due_on",
            case_task(
                "case_plan",
                lambda c: c.plan_due_on,
                lambda c: _("Write the case plan (case %(n)s)") % {"n": c.number},
                "plan",
            ),
            on_case=to_plan,
            own=mine,
        ),
        Source(
            "review",
            lambda: mine.filter(to_review).select_related("child"),
            "review_due_on",
            case_task(
                "review",
                lambda c: c.review_due_on,
                lambda c: _("Review the case plan (case %(n)s)") % {"n": c.number},
                "reviews",
            ),
            on_case=to_review,
            own=mine,
        ),
        Source(
            "plan_action",
            lambda: PlanAction.objects.filter(
                case_id__in=ids,
                done_on__isnull=True,
                is_voided=False,
                goal__is_voided=False,
                goal__plan__status=CasePlan.Status.APPROVED,
            ).select_related("case__child"),
            "target_date",
            # The action's text is sensitive: the title names the step, not the words.
            row_task(
                "plan_action",
                lambda a: _("Plan action due (case %(n)s)") % {"n": a.case.number},
                "plan",
                "target_date",
            ),
        ),
        Source(
            "service",
            lambda: Service.objects.filter(
                case_id__in=ids, status=Service.Status.PLANNED, is_voided=False
            ).select_related("case__child", "service_type"),
            "due_on",
            row_task(
                "service",
                lambda s: (
                    _("%(service)s (case %(n)s)") % {"service": s.service_type, "n": s.case.number}
                ),
                "services",
            ),
        ),
        Source(
            "follow_up",
            lambda: FollowUp.objects.filter(
                case_id__in=ids, done_on__isnull=True, is_voided=False
            ).select_related("case__child"),
            "due_on",
            row_task(
                "follow_up",
                lambda f: (
                    _("%(kind)s (case %(n)s)") % {"kind": f.get_kind_display(), "n": f.case.number}
                ),
                "followups",
            ),
        ),
    ]
    sources += _answers(user, today)
    return sources


def _answers(user, today: dt.date) -> list[Source]:
    """Things waiting for the user's answer: approvals, referrals, transfers."""
    from hearth.cases.queries_plan import approvals_waiting, subject_url

    wait = _answer_days()
    sources = []

    def answer_task(kind, title, link, date_of):
        def make(row):
            due = date_of(row) + wait
            return Task(
                kind=kind,
                title=title(row),
                case_id=row.case_id,
                case_number=row.case.number,
                child=child_label(user, row.case.child),
                due=due,
                overdue=due < today,
                link=link(row),
                key=f"{kind}:{row.pk}",
            )

        return make

    if policy.has_perm(user, "case.approve"):
        sources.append(
            Source(
                "approval",
                lambda: approvals_waiting(user).order_by(),
                "created_at",
                answer_task(
                    "approval",
                    lambda a: (
                        _("Decide: %(what)s (case %(n)s)")
                        % {"what": a.get_subject_display(), "n": a.case.number}
                    ),
                    subject_url,
                    lambda a: timezone.localdate(a.created_at),
                ),
                is_datetime=True,
                shift=wait,
            )
        )
    to_me = Q(to_user=user)
    if user.agency_id and policy.has_perm(user, "referral.respond"):
        to_me |= Q(to_agency_id=user.agency_id)
    incoming = reverse("cases:referrals_incoming")

    def referral_task(r):
        due = r.respond_by or timezone.localdate(r.created_at) + wait
        return Task(
            kind="referral",
            title=_("Answer the referral for %(service)s (case %(n)s)")
            % {"service": r.service_type, "n": r.case.number},
            case_id=r.case_id,
            case_number=r.case.number,
            child=child_label(user, r.case.child),
            due=due,
            overdue=due < today,
            link=incoming,
            key=f"referral:{r.pk}",
        )

    sources.append(
        Source(
            "referral",
            lambda: Referral.objects.filter(
                to_me,
                status=Referral.Status.PENDING,
                is_voided=False,
                case__in=visible_cases(user),
            ).select_related("case__child", "service_type"),
            "respond_by",
            referral_task,
        )
    )
    to_me = Q(to_user=user)
    if user.agency_id and policy.has_perm(user, "case.reassign"):
        to_me |= Q(to_agency_id=user.agency_id)
    transfers = reverse("cases:transfers_incoming")
    sources.append(
        Source(
            "transfer",
            lambda: Transfer.objects.filter(
                to_me,
                status=Transfer.Status.PENDING,
                is_voided=False,
                case__in=visible_cases(user),
            ).select_related("case__child"),
            "created_at",
            answer_task(
                "transfer",
                lambda t: _("Answer the transfer of case %(n)s") % {"n": t.case.number},
                lambda t: transfers,
                lambda t: timezone.localdate(t.created_at),
            ),
            is_datetime=True,
            shift=wait,
        )
    )
    return sources


# --- filters, counts and pages ------------------------------------------------------------


def _bounds(source: Source, today: dt.date, when: str) -> Q:
    """The rows of `source` that are overdue ("overdue") or due within a week
    ("week", overdue included), as a filter on its due field."""
    if when not in WHEN:
        return Q()
    limit = today if when == "overdue" else today + WEEK + dt.timedelta(days=1)
    if source.is_datetime:
        moment = clock.now() if when == "overdue" and not source.shift else _midnight(limit)
        return Q(**{f"{source.due_field}__lt": moment - source.shift})
    if source.kind == "referral":  # no answer-by date: created + answer_days
        wait = _answer_days()
        return Q(respond_by__lt=limit) | Q(
            respond_by__isnull=True, created_at__lt=_midnight(limit - wait)
        )
    return Q(**{f"{source.due_field}__lt": limit})


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


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
    _counts: dict | None = None

    def _chosen(self) -> list[Source]:
        if self.kind in ("", None):
            return self.sources
        return [s for s in self.sources if s.kind == self.kind]

    def counts(self) -> dict[str, dict[str, int]]:
        """kind -> {"total", "overdue", "week"}, whatever the filters; one query per
        kind, kept for the list's lifetime (a page asks for counts and total)."""
        if self._counts is None:
            self._counts = self._count()
        return self._counts

    def _count(self) -> dict[str, dict[str, int]]:
        out = self._count_on_cases()
        for source in self.sources:
            if source.kind in out:
                continue
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

    def _count_on_cases(self) -> dict[str, dict[str, int]]:
        """The deadlines on the user's own cases (assessment, plan, review), counted
        in one pass over those cases instead of one each."""
        kinds = [s for s in self.sources if s.on_case is not None]
        if not kinds:
            return {}
        columns = {}
        for source in kinds:
            assert source.on_case is not None
            columns[f"{source.kind}__total"] = Count("pk", filter=source.on_case)
            for when in WHEN:
                within = source.on_case & _bounds(source, self.today, when)
                columns[f"{source.kind}__{when}"] = Count("pk", filter=within)
        own = kinds[0].own
        assert own is not None  # kinds on cases come with the user's own cases
        agg = own.order_by().aggregate(**columns)
        return {
            source.kind: {column: agg[f"{source.kind}__{column}"] for column in ("total", *WHEN)}
            for source in kinds
        }

    def total(self) -> int:
        """How many tasks the filters select (from the counts: no query of its own)."""
        counts = self.counts()
        column = self.when if self.when in WHEN else "total"
        kinds = [s.kind for s in self._chosen()] + (["care"] if self.kind in ("", "care") else [])
        return sum(counts[k][column] for k in kinds if k in counts)

    def first(self, n: int) -> list[Task]:
        """The first `n` tasks of the merged list, overdue first then by due date."""
        care = self._care_filtered()
        # Three steps. 1: the first `n` ids of each kind in due order, with the due
        # value, from the narrow rows and their index alone. 2: their place in the
        # merged list (overdue, due day) says which cannot be among the first `n`:
        # those after the n-th place. 3: only the others are read in full, with
        # case and child. Reading fifty wide rows per kind to keep fifty in all
        # was most of the time at a thousand cases.
        candidates: list[tuple[Source, object, tuple | None]] = []
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
        for source, key, place in candidates:
            # A kind's first row is read even when it falls after the n-th place:
            # one read per kind with tasks, so the same number of queries at every
            # page size (the extra row is sorted out below).
            first_of_kind = source.kind not in wanted
            if first_of_kind or place is None or last is None or place <= last:
                wanted.setdefault(source.kind, []).append(key)
        # Within a kind, ties on a due day are broken as the kind's rows were cut
        # above: by the due value, then the row's id. Any other tie-break (the case
        # number, say) could want a row that was cut, and leave a task off its page.
        found = [(_tie_break_in_memory(task), task) for task in care]
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
        have them (see the to_task makers in _sources and _answers)."""
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


def _care_tasks(user, today: dt.date) -> list[Task]:
    """The care module's tasks on the user's cases, as Task rows. Post-return visits
    are follow-ups too and already listed as such, so they are left out here."""
    if not policy.has_perm(user, "care.manage"):
        return []
    from hearth.care.tasks import care_tasks_for

    found = [t for t in care_tasks_for(user, today) if t.follow_up_id is None]
    # The care queries do not bring the child along: one query for all of them.
    children = {
        case.pk: case.child
        for case in Case.objects.filter(pk__in={t.case.pk for t in found}).select_related("child")
    }
    return [
        Task(
            kind=f"care_{t.kind}",
            title=t.title,
            case_id=t.case.pk,
            case_number=t.case.number,
            child=child_label(user, children[t.case.pk]),
            due=t.due_on,
            overdue=t.due_on < today,
            link=t.link,
            key=t.key,
        )
        for t in found
    ]


def task_list(user, *, kind: str = "", when: str = "", today: dt.date | None = None) -> TaskList:
    """The user's tasks, filtered by kind ("" for all, "care" for the care module's)
    and by "overdue" or "week" (due within seven days, overdue included)."""
    today = today or clock.today()
    now = clock.now()
    sources = _sources(user, today, now) if policy.has_perm(user, "case.view") else []
    care = _care_tasks(user, today)
    return TaskList(
        user=user, today=today, now=now, kind=kind, when=when, sources=sources, care=care
    )
