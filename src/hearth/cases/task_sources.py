"""Where each kind of task comes from (see `tasks` for the list they make): the
Task row every kind becomes, and one Source per kind read from its own rows — what
waits for the user's answer: its rows, its due-date field, and how a row becomes a
Task. The work on the user's own cases comes from the open work items
(`task_items`); the care module's tasks are added as they are."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy, sensitivity
from hearth.cases.access import addressed_to, visible_cases
from hearth.cases.models import (
    Case,
    Referral,
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


_ZERO = uuid.UUID(int=0)


def detail_link(case_id, anchor: str) -> str:
    # reverse() once per list would do; it is the same path with another id.
    return _detail_pattern().replace(str(_ZERO), str(case_id)) + f"#{anchor}"


@functools.lru_cache(maxsize=1)
def _detail_pattern() -> str:
    return reverse("cases:detail", args=[_ZERO])


def sources_for(user, today: dt.date, now: dt.datetime) -> list[Source]:
    """The kinds read from their own rows: what waits for the user's answer. The
    work on the user's own cases is kept as data (see `task_items`)."""
    return _answers(user, today)


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
    # Each kind its own condition, bound now: the rows are read later, when a
    # closure over one shared name would see whichever was assigned last.
    referrals_to_me = addressed_to(user, "referral.respond")
    transfers_to_me = addressed_to(user, "case.reassign")
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
                referrals_to_me,
                status=Referral.Status.PENDING,
                is_voided=False,
                case__in=visible_cases(user),
            ).select_related("case__child", "service_type"),
            "respond_by",
            referral_task,
        )
    )
    transfers = reverse("cases:transfers_incoming")
    sources.append(
        Source(
            "transfer",
            lambda: Transfer.objects.filter(
                transfers_to_me,
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
