"""Reads for assessments, case plans and approvals. Every one starts from the cases
the reader may see (`visible_cases`), so pages and API agree on who sees what;
one record is NotFound when missing or invisible alike."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.cases import sections
from hearth.cases.access import visible_cases
from hearth.cases.models import (
    Approval,
    Assessment,
    Case,
    CasePlan,
    Closure,
    Goal,
    PlanAction,
)
from hearth.core.errors import NotFound
from hearth.forms import schema as form_schema


def _one(user, qs: QuerySet, pk, permission: str):
    """The row `pk` of `qs` on a case `user` may see, or NotFound; Forbidden when
    seen but `permission` is not allowed on its case."""
    try:
        found = qs.filter(case__in=visible_cases(user, "case.view")).filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        found = None
    if found is None:
        raise NotFound(_("Not found."))
    if permission != "case.view":
        policy.require(user, permission, found.case)
    return found


# --- assessments --------------------------------------------------------------------


def assessments_of(case: Case) -> QuerySet[Assessment]:
    return case.assessments.filter(is_voided=False).select_related(
        "form_version__definition", "created_by"
    )


def live_assessments(case: Case) -> list[Assessment]:
    """`assessments_of(case)` read once for the case page: the assessments section
    lists them and the plan section asks whether one is approved."""
    return sections.shared(case, "assessments", lambda: list(assessments_of(case)))


def assessment_for(user, pk, permission: str = "case.view") -> Assessment:
    qs = Assessment.objects.filter(is_voided=False).select_related(
        "case", "case__child", "form_version__definition", "created_by"
    )
    return _one(user, qs, pk, permission)


def has_completed_assessment(case: Case) -> bool:
    return case.assessments.filter(status=Assessment.Status.APPROVED, is_voided=False).exists()


def masked_answers(user, assessment: Assessment) -> tuple[dict, list[str]]:
    """The stored answers for an API reader: answers to questions above the
    reader's clearance become null and their paths are listed (B5), the same rule
    the page applies with `answers.display`."""
    clearance = policy.clearance_of(user)
    answers = assessment.answers if isinstance(assessment.answers, dict) else {}
    out: dict = {}
    masked: list[str] = []
    for section in form_schema.sections(assessment.form_version.schema):
        given = answers.get(section["key"])
        if not isinstance(given, dict):
            continue
        shown: dict = {}
        for field in section["fields"]:
            name = field["key"]
            if name not in given:
                continue
            path = f"{section['key']}.{name}"
            if field.get("sensitivity", 0) > clearance:
                shown[name] = None
                masked.append(path)
            elif field["type"] == "repeating_group" and isinstance(given[name], list):
                shown[name] = [
                    _masked_row(field, row, f"{path}.{i}", clearance, masked)
                    for i, row in enumerate(given[name])
                ]
            else:
                shown[name] = given[name]
        out[section["key"]] = shown
    return out, masked


def _masked_row(field: dict, row, path: str, clearance: int, masked: list[str]):
    if not isinstance(row, dict):
        return row
    shown: dict = {}
    for member in field["fields"]:
        name = member["key"]
        if name not in row:
            continue
        if member.get("sensitivity", 0) > clearance:
            shown[name] = None
            masked.append(f"{path}.{name}")
        else:
            shown[name] = row[name]
    return shown


# --- case plans ---------------------------------------------------------------------


def plans_of(case: Case) -> QuerySet[CasePlan]:
    return case.plans.filter(is_voided=False).select_related("created_by")


def plan_for(user, pk, permission: str = "case.view") -> CasePlan:
    qs = CasePlan.objects.filter(is_voided=False).select_related("case", "case__child")
    return _one(user, qs, pk, permission)


def goal_for(user, pk, permission: str = "case.view") -> Goal:
    qs = Goal.objects.filter(is_voided=False).select_related("plan", "case")
    return _one(user, qs, pk, permission)


def action_for(user, pk, permission: str = "case.view") -> PlanAction:
    qs = PlanAction.objects.filter(is_voided=False).select_related("goal__plan", "case")
    return _one(user, qs, pk, permission)


def goals_of(plan: CasePlan) -> list[Goal]:
    """The plan's goals, each with its actions in `goal.action_list`."""
    goals = list(plan.goals.filter(is_voided=False).order_by("created_at", "pk"))
    actions = (
        PlanAction.objects.filter(goal__in=goals, is_voided=False)
        .select_related("responsible_user", "responsible_agency")
        .order_by("target_date", "created_at", "pk")
    )
    by_goal: dict = {}
    for action in actions:
        by_goal.setdefault(action.goal_id, []).append(action)
    for goal in goals:
        goal.action_list = by_goal.get(goal.pk, [])
    return goals


def current_plan(case: Case) -> CasePlan | None:
    return case.plans.filter(status=CasePlan.Status.APPROVED, is_voided=False).first()


IN_PROGRESS = (CasePlan.Status.DRAFT, CasePlan.Status.RETURNED, CasePlan.Status.SUBMITTED)


def plan_in_progress(case: Case) -> CasePlan | None:
    """The plan being written or waiting for approval, if any."""
    return case.plans.filter(status__in=IN_PROGRESS, is_voided=False).first()


def responsible_workers(case: Case):
    """Who may be named responsible for an action: active workers of the case's
    agency and anyone assigned to the case."""
    users = get_user_model().objects.filter(is_active=True)
    assigned = case.assignments.filter(ended_at__isnull=True, is_voided=False).values("user_id")
    return users.filter(Q(agency_id=case.agency_id) | Q(pk__in=assigned)).order_by(
        "first_name", "last_name", "username"
    )


# --- approvals ----------------------------------------------------------------------


def approvals_waiting(user) -> QuerySet[Approval]:
    """Requests waiting for `user`'s decision, oldest first: pending, on cases they
    may approve, not their own, and not addressed to someone else (unless they may
    reassign work)."""
    qs = (
        Approval.objects.filter(
            decision=Approval.Decision.PENDING,
            is_voided=False,
            case__in=visible_cases(user, "case.approve"),
        )
        .exclude(created_by=user)
        .select_related("case", "case__child", "created_by", "approver")
        .order_by("created_at", "pk")
    )
    if not policy.has_perm(user, "case.reassign"):
        qs = qs.filter(Q(approver__isnull=True) | Q(approver=user))
    return qs


def approval_for(user, pk, permission: str = "case.view") -> Approval:
    qs = Approval.objects.filter(is_voided=False).select_related(
        "case", "case__child", "created_by", "decided_by", "approver"
    )
    return _one(user, qs, pk, permission)


def approvals_of(case: Case, subject: str = "", subject_id=None) -> QuerySet[Approval]:
    qs = case.approvals.filter(is_voided=False).select_related("created_by", "decided_by")
    if subject:
        qs = qs.filter(subject=subject, subject_id=subject_id)
    return qs.order_by("-created_at", "pk")


SUBJECT_PAGES: dict[str, str] = {
    Approval.Subject.ASSESSMENT: "cases:assessment_detail",
    Approval.Subject.CASE_PLAN: "cases:plan_detail",
}


def subject_url(approval: Approval) -> str:
    """The page where the approver reads what they are asked to approve."""
    page = SUBJECT_PAGES.get(approval.subject)
    if page:
        return reverse(page, args=[approval.subject_id])
    if approval.subject == Approval.Subject.CLOSURE:  # the closure section shows the request
        return reverse("cases:detail", args=[approval.case_id]) + "#closure"
    return reverse("cases:detail", args=[approval.case_id]) + "#approvals"


def subject_titles(approvals) -> dict:
    """subject_id -> a title naming the record (form name, plan number), in two
    queries whatever the number of approvals."""
    ids: dict[str, set] = {a.subject: set() for a in approvals}
    for a in approvals:
        ids[a.subject].add(a.subject_id)
    titles = {}
    for assessment in Assessment.objects.filter(
        pk__in=ids.get(Approval.Subject.ASSESSMENT, ())
    ).select_related("form_version__definition"):
        titles[assessment.pk] = _("%(form)s (version %(n)s)") % {
            "form": assessment.form_version.definition.name,
            "n": assessment.form_version.number,
        }
    for plan in CasePlan.objects.filter(pk__in=ids.get(Approval.Subject.CASE_PLAN, ())):
        titles[plan.pk] = _("Case plan %(n)s") % {"n": plan.number}
    for closure in Closure.objects.filter(pk__in=ids.get(Approval.Subject.CLOSURE, ())):
        titles[closure.pk] = _("Closure: %(reason)s") % {"reason": closure.get_reason_display()}
    return titles
