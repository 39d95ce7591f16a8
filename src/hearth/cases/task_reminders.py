"""Casework reminders (E5): deadlines coming due and overdue go to the case's
worker, approvals waiting too long to whoever should decide them, and each
supervisor gets a weekly digest per worker of their team with overdue work.

Each provider is a query over the rows the deadlines live on; `reminders_send`
sends each key to a user once, ever, so the keys say what makes a reminder new:
the row and its due date (a moved deadline is reminded again), the approval, or
the worker and the ISO week for digests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hearth.access import policy
from hearth.cases import overdue
from hearth.cases.models import Approval, Case, FollowUp, Service
from hearth.cases.notices import case_link
from hearth.cases.task_sources import answer_days
from hearth.core import clock, config
from hearth.notify import kinds, reminders
from hearth.notify.reminders import Reminder

config.register(
    "cases.reminder_days_ahead",
    3,
    gettext_lazy("Days before a casework deadline that its worker is reminded of it (E5)."),
)
kinds.register("team_overdue", gettext_lazy("Work in my team is overdue (weekly, per worker)"))

ANCHORS = {
    "assessment": "assessments",
    "case_plan": "plan",
    "review": "reviews",
    "service": "services",
    "follow_up": "followups",
}


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _title(kind: str, number: str, due: dt.date, late: bool, what: str = ""):
    def text():
        names = {
            "assessment": _("The assessment"),
            "case_plan": _("The case plan"),
            "review": _("The case review"),
            "service": what or _("A service"),
            "follow_up": what or _("A follow-up"),
        }
        values = {"what": names[kind], "n": number, "date": _date(due)}
        if late:
            return _("%(what)s for case %(n)s is overdue (due %(date)s)") % values
        return _("%(what)s for case %(n)s is due on %(date)s") % values

    return text


# Titles are zero-argument callables, rendered in each recipient's language.
def _waiting_title(label, number: str):
    return lambda: (
        _("%(what)s for case %(n)s is still waiting for your approval")
        % {"what": label, "n": number}
    )


def _digest_title(worker, n: int):
    return lambda: (
        ngettext(
            "%(worker)s has %(n)s overdue item on their cases",
            "%(worker)s has %(n)s overdue items on their cases",
            n,
        )
        % {"worker": worker, "n": n}
    )


def _open(qs, path: str = "case__"):
    return qs.filter(**{f"{path}is_voided": False}).exclude(**{f"{path}status": Case.Status.CLOSED})


def _between(name: str, start: dt.date | None, end: dt.date) -> Q:
    q = Q(**{f"{name}__lte": end})
    return q & Q(**{f"{name}__gte": start}) if start else q


def _deadlines(start: dt.date | None, end: dt.date):
    """Every casework deadline falling in [start, end] (no lower bound when `start`
    is None), as (kind, row pk, case, due, what)."""
    cases = _open(Case.objects.all(), "").select_related("owner")
    moment = Q(assessment_due_at__lt=clock.start_of(end + dt.timedelta(days=1)))
    if start:
        moment &= Q(assessment_due_at__gte=clock.start_of(start))
    for case in cases.filter(moment, status=Case.Status.REGISTERED):
        yield "assessment", case.pk, case, timezone.localdate(case.assessment_due_at), ""
    for case in cases.filter(_between("plan_due_on", start, end), status=Case.Status.ASSESSED):
        yield "case_plan", case.pk, case, case.plan_due_on, ""
    for case in cases.filter(
        _between("review_due_on", start, end), status__in=overdue.OPEN_WITH_PLAN
    ):
        yield "review", case.pk, case, case.review_due_on, ""
    services = _open(
        Service.objects.filter(
            _between("due_on", start, end), status=Service.Status.PLANNED, is_voided=False
        )
    ).select_related("case__owner", "service_type")
    for s in services:
        yield "service", s.pk, s.case, s.due_on, str(s.service_type)
    visits = _open(
        FollowUp.objects.filter(
            _between("due_on", start, end), done_on__isnull=True, is_voided=False
        )
    ).select_related("case__owner")
    for f in visits:
        yield "follow_up", f.pk, f.case, f.due_on, f.get_kind_display()


def _reminders(rows, late: bool):
    state = "overdue" if late else "due"
    for kind, pk, case, due, what in rows:
        yield Reminder(
            user=case.owner,
            kind="overdue" if late else "coming_due",
            # `what` is a service type or visit kind: configuration, never case content.
            title=_title(kind, case.number, due, late, what),
            link=case_link(case) + f"#{ANCHORS[kind]}",
            case_id=case.pk,
            due_date=due,
            key=f"case-{state}:{kind}:{pk}:{due}",
        )


def case_deadlines_coming(today: dt.date):
    """To the case's worker: deadlines in the next `cases.reminder_days_ahead` days."""
    ahead = dt.timedelta(days=int(config.get("cases.reminder_days_ahead")))
    yield from _reminders(_deadlines(today, today + ahead), late=False)


def case_deadlines_overdue(today: dt.date):
    """To the case's worker: deadlines passed (once per deadline), and approvals
    waiting longer than `cases.answer_days` to the person asked, or else to the
    supervisors who may decide them."""
    from hearth.cases.services.approvals import supervisors_of

    yield from _reminders(_deadlines(None, today - dt.timedelta(days=1)), late=True)
    wait = answer_days()
    cutoff = clock.start_of(today - wait)
    waiting = _open(
        Approval.objects.filter(
            decision=Approval.Decision.PENDING, is_voided=False, created_at__lt=cutoff
        )
    ).select_related("case", "case__team", "case__agency", "approver")
    deciders: dict = {}  # (team, agency) -> supervisors: asked once per team
    for approval in waiting:
        case = approval.case
        if approval.approver_id:
            people = [approval.approver]
        else:
            place = (case.team_id, case.agency_id)
            if place not in deciders:
                deciders[place] = supervisors_of(case)
            people = deciders[place]
        label = Approval.Subject(approval.subject).label
        for person in people:
            if person.pk == approval.created_by_id:
                continue
            yield Reminder(
                user=person,
                kind="overdue",
                title=_waiting_title(label, case.number),
                link=reverse("cases:approvals"),
                case_id=case.pk,
                due_date=timezone.localdate(approval.created_at) + wait,
                key=f"approval-waiting:{approval.pk}",
            )


def overdue_by_worker(today: dt.date) -> dict:
    """worker id -> number of overdue items on their open cases, in four queries."""
    now = timezone.now()
    counts: dict = defaultdict(int)
    cases = _open(Case.objects.all(), "")
    late = (
        Q(status=Case.Status.REGISTERED, assessment_due_at__lt=now)
        | Q(status=Case.Status.ASSESSED, plan_due_on__lt=today)
        | Q(status__in=overdue.OPEN_WITH_PLAN, review_due_on__lt=today)
    )
    for row in cases.filter(late).order_by().values("owner").annotate(n=Count("pk")):
        counts[row["owner"]] += row["n"]
    for rows in (
        overdue.services_overdue(today),
        overdue.follow_ups_overdue(today),
        overdue.plan_actions_overdue(today),
    ):
        for row in _open(rows).order_by().values("case__owner").annotate(n=Count("pk")):
            counts[row["case__owner"]] += row["n"]
    return counts


def team_overdue_digests(today: dt.date):
    """To each supervisor, once a week: one reminder per worker of their team who
    has overdue work, with the number and a link to those cases."""
    counts = {worker: n for worker, n in overdue_by_worker(today).items() if n}
    if not counts:
        return
    users = get_user_model().objects.filter(is_active=True)
    workers = list(users.filter(pk__in=counts, team__isnull=False))
    teams = {w.team_id for w in workers}
    supervisors: dict = defaultdict(list)
    for person in users.filter(team_id__in=teams).prefetch_related("roles"):
        if policy.has_perm(person, "case.approve"):
            supervisors[person.team_id].append(person)
    year, week, _day = today.isocalendar()
    cases = reverse("cases:list")
    for worker in workers:
        n = counts[worker.pk]
        for supervisor in supervisors[worker.team_id]:
            if supervisor.pk == worker.pk:
                continue
            yield Reminder(
                user=supervisor,
                kind="team_overdue",
                title=_digest_title(worker, n),
                link=f"{cases}?scope=all&owner={worker.pk}&overdue=1",
                key=f"team-overdue:{worker.pk}:{year}-W{week:02d}",
            )


reminders.register("case_deadlines_coming", case_deadlines_coming)
reminders.register("case_deadlines_overdue", case_deadlines_overdue)
reminders.register("team_overdue_digests", team_overdue_digests)
