"""Reintegration pages (F7): the plan, the family assessment on the configured
form, agreed tasks, the return, and post-return visits."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.care import queries
from hearth.care.forms_other import (
    AssessmentMetaForm,
    PlanForm,
    ReasonForm,
    ReturnForm,
    TaskForm,
    VisitForm,
)
from hearth.care.models import ReintegrationTask, ReintegrationVisit
from hearth.care.services import reintegration
from hearth.cases import queries as case_queries
from hearth.core.errors import Refused
from hearth.forms.render import FormForVersion
from hearth.web.forms import submit


def _to_case(case):
    return redirect(reverse("cases:detail", args=[case.pk]) + "#reintegration")


def _page(request, case, form, title, **extra):
    return render(
        request, "care/case_form.html", {"case": case, "form": form, "title": title, **extra}
    )


def _plan(request, pk):
    plan = queries.plan_for(request.user, pk, "care.manage")
    return plan, plan.case


@requires("care.manage")
def plan_add(request, pk):
    case = case_queries.case_for(request.user, pk, "care.manage")
    form = PlanForm(request.POST or None, user=request.user, child=case.child)
    if submit(
        request,
        form,
        lambda data: reintegration.reintegration_plan_create(actor=request.user, case=case, **data),
        _("Reintegration plan started."),
    ):
        return _to_case(case)
    return _page(request, case, form, _("Start a reintegration plan"))


@requires("care.manage")
def assessment_add(request, pk):
    """The family assessment: the configured form's questions and the recommendation."""
    plan, case = _plan(request, pk)
    version = reintegration.family_assessment_form()
    if version is None:
        raise Refused(_("No family assessment form is published. Ask an administrator."))
    post = request.POST or None
    answers_form = FormForVersion(
        version, data=post, language=request.LANGUAGE_CODE, user=request.user, prefix="answers"
    )
    meta = AssessmentMetaForm(post, prefix="meta")
    if submit(
        request,
        answers_form,
        lambda _answers: reintegration.family_assessment_record(
            actor=request.user,
            plan=plan,
            answers=answers_form.cleaned_answers(),
            form_version=version,
            **meta.cleaned_data,
        ),
        _("Family assessment recorded."),
        others=[meta],
    ):
        return _to_case(case)
    return render(
        request,
        "care/family_assessment.html",
        {
            "case": case,
            "plan": plan,
            "answers_form": answers_form,
            "form": meta,
            "title": version.title(request.LANGUAGE_CODE),
        },
    )


@requires("care.manage")
def task_add(request, pk):
    plan, case = _plan(request, pk)
    form = TaskForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: reintegration.reintegration_task_add(actor=request.user, plan=plan, **data),
        _("Task added to the plan."),
    ):
        return _to_case(case)
    return _page(request, case, form, _("Add an agreed task"))


@requires("care.manage")
@require_POST
def task_done(request, pk):
    task = policy.get_for(
        request.user,
        ReintegrationTask,
        pk,
        "care.manage",
        seen_with="care.view",
        queryset=ReintegrationTask.objects.filter(is_voided=False).select_related("case"),
    )
    reintegration.reintegration_task_done(actor=request.user, task=task)
    messages.success(request, _("Task marked as done."))
    return _to_case(task.case)


@requires("care.manage")
def return_home(request, pk):
    plan, case = _plan(request, pk)
    form = ReturnForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: reintegration.reintegration_return(actor=request.user, plan=plan, **data),
        _("Return recorded. The follow-up visits are scheduled."),
    ):
        return _to_case(case)
    return _page(request, case, form, _("Record the return home"), plan=plan)


@requires("care.manage")
def visit_record(request, pk):
    visit = policy.get_for(
        request.user,
        ReintegrationVisit,
        pk,
        "care.manage",
        seen_with="care.view",
        queryset=ReintegrationVisit.objects.filter(is_voided=False).select_related(
            "case", "plan", "follow_up"
        ),
    )
    case = visit.case
    form = VisitForm(request.POST or None)

    def record(data):
        return reintegration.reintegration_visit_record(actor=request.user, visit=visit, **data)

    if submit(request, form, record, _("Visit recorded.")):
        if form.cleaned_data.get("living_at_home") is False:
            messages.warning(
                request,
                _("The child no longer lives with the family: record where they live now."),
            )
        return _to_case(case)
    return _page(
        request,
        case,
        form,
        _("Post-return visit %(n)s") % {"n": visit.number},
        intro=visit.follow_up.purpose,
    )


@requires("care.manage")
def plan_stop(request, pk):
    plan, case = _plan(request, pk)
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: reintegration.reintegration_plan_stop(
            actor=request.user, plan=plan, reason=data["reason"]
        ),
        _("The reintegration plan was stopped."),
    ):
        return _to_case(case)
    return _page(request, case, form, _("Stop the reintegration plan"), danger=True)
