"""Where each kind of task comes from (see `tasks` for the list they make): the
Task row every kind becomes, and one Source per kind — its rows on the user's own
open cases or waiting for the user's answer, its due-date field, and how a row
becomes a Task. The care module's tasks are added as they are."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
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
from hearth.core import config

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


def answer_days() -> dt.timedelta:
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


def sources_for(user, today: dt.date, now: dt.datetime) -> list[Source]:
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

    wait = answer_days()
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


def care_tasks_of(user, today: dt.date) -> list[Task]:
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
