"""Reintegration (F7): a plan to return a child to their family, the assessment of
the family, tasks agreed with who does what by when, the return itself, and the
follow-up visits after it (UN Guidelines §49-52)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.care import timeframes
from hearth.care.models import (
    CareArrangement,
    CareType,
    Discharge,
    FamilyAssessment,
    ReintegrationPlan,
    ReintegrationTask,
    ReintegrationVisit,
)
from hearth.care.seed import FAMILY_ASSESSMENT
from hearth.care.services.arrangements import arrangement_start, care_type_of
from hearth.care.services.placement import discharge_record
from hearth.care.services.timeline import ONE_DAY
from hearth.cases import deadlines
from hearth.cases.models import Case, FollowUp
from hearth.cases.services import followup
from hearth.core import clock, writes
from hearth.core.errors import Refused
from hearth.forms import answers as form_answers
from hearth.forms.models import FormVersion


def _open_plan(plan: ReintegrationPlan, *states) -> None:
    if not plan.case.is_open:
        raise Refused(_("The case is closed. Reopen it first."))
    if plan.is_voided or plan.status not in (states or ReintegrationPlan.OPEN):
        raise Refused(
            _("The reintegration plan is “%(s)s”: this cannot be done now.")
            % {"s": plan.get_status_display()}
        )


@transaction.atomic
def reintegration_plan_create(
    *,
    actor,
    case: Case,
    family: str,
    goal: str = "",
    household=None,
    target_return_on: dt.date | None = None,
    tracing_match=None,
) -> ReintegrationPlan:
    """Start preparing a child's return to their family. One plan in progress per case."""
    policy.require(actor, "care.manage", case)
    if not case.is_open:
        raise Refused(_("The case is closed."))
    if case.reintegration_plans.filter(status__in=ReintegrationPlan.OPEN, is_voided=False).exists():
        raise Refused(_("This case already has a reintegration plan in progress."))
    if household is not None:
        policy.require(actor, "person.view", household)
    plan = ReintegrationPlan(
        case=case,
        child=case.child,
        family=(family or "").strip(),
        goal=(goal or "").strip(),
        household=household,
        target_return_on=target_return_on,
        tracing_match=tracing_match,
    )
    writes.create(plan, actor=actor)
    record_change(actor=actor, action="care.reintegration_plan_create", target=plan, before=None)
    return plan


def family_assessment_form() -> FormVersion | None:
    return FormVersion.objects.current(FAMILY_ASSESSMENT)


@transaction.atomic
def family_assessment_record(
    *,
    actor,
    plan: ReintegrationPlan,
    answers: dict,
    assessed_on: dt.date,
    recommendation: str,
    form_version: FormVersion | None = None,
) -> FamilyAssessment:
    """Assess the family on the configured form; its answers are checked against
    exactly the version used (the same check as every configurable form)."""
    policy.require(actor, "care.manage", plan.case)
    _open_plan(plan, ReintegrationPlan.Status.PREPARING)
    version = form_version or family_assessment_form()
    if version is None:
        raise Refused(_("No family assessment form is published. Ask an administrator."))
    assessment = FamilyAssessment(
        plan=plan,
        case=plan.case,
        form_version=version,
        answers=form_answers.clean(version, answers),
        assessed_on=assessed_on,
        recommendation=recommendation,
    )
    writes.create(assessment, actor=actor)
    record_change(actor=actor, action="care.family_assessment", target=assessment, before=None)
    return assessment


@transaction.atomic
def reintegration_task_add(
    *, actor, plan: ReintegrationPlan, responsible: str, description: str, due_on: dt.date
) -> ReintegrationTask:
    policy.require(actor, "care.manage", plan.case)
    _open_plan(plan)
    task = ReintegrationTask(
        plan=plan,
        case=plan.case,
        responsible=(responsible or "").strip(),
        description=(description or "").strip(),
        due_on=due_on,
    )
    writes.create(task, actor=actor)
    record_change(actor=actor, action="care.reintegration_task_add", target=task, before=None)
    return task


@transaction.atomic
def reintegration_task_done(
    *, actor, task: ReintegrationTask, done_on: dt.date | None = None
) -> ReintegrationTask:
    policy.require(actor, "care.manage", task.case)
    _open_plan(task.plan)
    if task.done_on:
        raise Refused(_("This task is already done."))
    before = writes.snapshot(task)
    task.done_on = done_on or clock.today()
    writes.update(task, actor=actor)
    record_change(actor=actor, action="care.reintegration_task_done", target=task, before=before)
    return task


@transaction.atomic
def reintegration_return(
    *,
    actor,
    plan: ReintegrationPlan,
    returned_on: dt.date,
    decided_by: str,
    care_type="parental",
    household=None,
    provider_details: str = "",
    legal_basis: str = CareArrangement.LegalBasis.NONE,
    legal_order=None,
) -> list[ReintegrationVisit]:
    """The child goes home. In one step: the current formal placement is discharged
    (its last day the day before), the family arrangement starts on the day of the
    return, and the post-return visits are scheduled from the configured offsets.
    The family must have been assessed as able to take the child back."""
    case = plan.case
    policy.require(actor, "care.manage", case)
    _open_plan(plan, ReintegrationPlan.Status.PREPARING)
    latest = plan.assessments.filter(is_voided=False).first()
    if latest is None or latest.recommendation not in FamilyAssessment.RETURN_OK:
        raise Refused(
            _(
                "Record the family assessment before the return: it must find that the child "
                "can return, with or without support."
            )
        )
    care_type = care_type_of(care_type)
    if care_type.setting not in (CareType.Setting.PARENTAL, CareType.Setting.FAMILY_BASED):
        raise ValidationError({"care_type": _("A return is to parental or family-based care.")})
    current = (
        CareArrangement.objects.filter(child=plan.child, is_voided=False, end_date__isnull=True)
        .select_related("case")
        .first()
    )
    if current is not None and current.is_formal:
        discharge_record(
            actor=actor,
            arrangement=current,
            discharged_on=returned_on - ONE_DAY,
            kind=Discharge.Kind.KINSHIP
            if care_type.code == "kinship"
            else Discharge.Kind.REINTEGRATION,
            destination=plan.family,
            destination_household=household or plan.household,
        )
    arrangement_start(
        actor=actor,
        case=case,
        care_type=care_type,
        start_date=returned_on,
        legal_basis=legal_basis,
        legal_order=legal_order,
        decided_by=decided_by,
        reasons=["reintegration"],
        household=household or plan.household,
        provider_details=provider_details or plan.family,
    )
    before = writes.snapshot(plan)
    plan.returned_on = returned_on
    plan.status = ReintegrationPlan.Status.RETURNED
    writes.update(plan, actor=actor)
    record_change(actor=actor, action="care.reintegration_return", target=plan, before=before)
    visits = [
        _schedule(actor, plan, n, due, label)
        for n, due, label in timeframes.visit_schedule(returned_on)
    ]
    deadlines.refresh(case)
    return visits


def _schedule(actor, plan, number: int, due: dt.date, label: str) -> ReintegrationVisit:
    follow_up = FollowUp(
        case=plan.case,
        kind=FollowUp.Kind.HOME_VISIT,
        due_on=due,
        purpose=_("Post-return visit %(n)s (%(when)s)") % {"n": number, "when": label},
    )
    writes.create(follow_up, actor=actor)
    # Scheduled by the follow-ups' own action name: one trail for every visit. Not
    # through followup_schedule, which takes only dates from today on, since a
    # return recorded late still has its visits due from the day of the return.
    record_change(actor=actor, action="followup.schedule", target=follow_up, before=None)
    visit = ReintegrationVisit(plan=plan, case=plan.case, follow_up=follow_up, number=number)
    writes.create(visit, actor=actor)
    return visit


@transaction.atomic
def reintegration_visit_record(
    *,
    actor,
    visit: ReintegrationVisit,
    done_on: dt.date,
    contact: str,
    observations: str,
    child_seen: bool = False,
    who_seen: str = "",
    action_needed: str = "",
    living_at_home: bool | None = None,
    wellbeing: str = "",
) -> ReintegrationVisit:
    """Record a post-return visit (E1's rules: how contact was made, what was seen),
    and whether the child still lives with the family and how they are. The plan is
    complete once every visit is done."""
    policy.require(actor, "care.manage", visit.case)
    _open_plan(visit.plan, ReintegrationPlan.Status.RETURNED)
    # Read afresh under a lock: two workers recording the same visit, or a copy
    # changed by a refused attempt, must not count.
    follow_up = (
        FollowUp.objects.select_for_update().select_related("case").get(pk=visit.follow_up_id)
    )
    if done_on and visit.plan.returned_on and done_on < visit.plan.returned_on:
        raise ValidationError({"done_on": _("A post-return visit is after the return.")})
    # The visit is one of the case's follow-ups: recorded by the same rules as any.
    followup.followup_done(
        actor=actor,
        follow_up=follow_up,
        done_on=done_on,
        contact=contact,
        child_seen=child_seen,
        who_seen=who_seen,
        observations=observations,
        action_needed=action_needed,
    )
    visit.follow_up = follow_up
    visit_before = writes.snapshot(visit)
    visit.living_at_home = living_at_home
    visit.wellbeing = wellbeing
    writes.update(visit, actor=actor)
    record_change(actor=actor, action="care.visit_outcome", target=visit, before=visit_before)
    plan = visit.plan
    open_visits = FollowUp.objects.filter(
        reintegration_visit__plan=plan, done_on__isnull=True, is_voided=False
    )
    if plan.status == ReintegrationPlan.Status.RETURNED and not open_visits.exists():
        plan_before = writes.snapshot(plan)
        plan.status = ReintegrationPlan.Status.COMPLETED
        writes.update(plan, actor=actor)
        record_change(
            actor=actor, action="care.reintegration_complete", target=plan, before=plan_before
        )
    return visit


@transaction.atomic
def reintegration_plan_stop(*, actor, plan: ReintegrationPlan, reason: str) -> ReintegrationPlan:
    """Stop a plan (the return is not in the child's interests after all, the family
    moved...). Visits not yet made are cancelled."""
    policy.require(actor, "care.manage", plan.case)
    _open_plan(plan)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the plan stops.")})
    before = writes.snapshot(plan)
    plan.status = ReintegrationPlan.Status.STOPPED
    plan.stopped_reason = reason
    writes.update(plan, actor=actor)
    record_change(actor=actor, action="care.reintegration_stop", target=plan, before=before)
    for follow_up in FollowUp.objects.filter(
        reintegration_visit__plan=plan, done_on__isnull=True, is_voided=False
    ).select_related("case"):
        followup.followup_cancel(
            actor=actor,
            follow_up=follow_up,
            reason=_("Reintegration plan stopped: %(r)s") % {"r": reason},
        )
    deadlines.refresh(plan.case)
    return plan
