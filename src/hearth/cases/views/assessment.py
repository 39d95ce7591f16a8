"""Assessment pages (C2, C3): start one from a form in use, fill it in over several
visits (a draft), submit it, read it. The "Assessments" section of the case page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import queries, queries_plan, sections
from hearth.cases.forms_plan import AssessmentSubmitForm, DecisionForm
from hearth.cases.models import Approval, Assessment
from hearth.cases.services import assessment as services
from hearth.cases.services import registration
from hearth.cases.views.buttons import press
from hearth.forms import answers as form_answers
from hearth.forms.render import FormForVersion
from hearth.web.forms import submit


def _language(request) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or "en"


@requires("case.work")
@require_POST
def assessment_start(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    assessment = press(
        request,
        lambda: services.assessment_start(
            actor=request.user, case=case, form_code=request.POST.get("form", "")
        ),
    )
    if assessment:
        return redirect("cases:assessment_edit", pk=assessment.pk)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#assessments")


def approval_context(request, case, subject: str, subject_id) -> dict:
    """The approval history of one record, and the decision form when the reader
    may decide the pending request (never their own)."""
    history = list(queries_plan.approvals_of(case, subject, subject_id))
    pending = next((a for a in history if a.decision == Approval.Decision.PENDING), None)
    may_decide = (
        pending is not None
        and pending.created_by_id != request.user.pk
        and policy.has_perm(request.user, "case.approve")
        and policy.can(request.user, "case.approve", case)
    )
    return {
        "history": history,
        "pending": pending,
        "decide_form": (
            DecisionForm(initial={"version": pending.version}) if pending and may_decide else None
        ),
    }


@requires("case.view")
def assessment_detail(request, pk):
    assessment = queries_plan.assessment_for(request.user, pk)
    case = assessment.case
    registration.record_read(actor=request.user, case=case, what=f"assessment {assessment.pk}")
    shown = form_answers.display(
        assessment.form_version, assessment.answers, request.user, _language(request)
    )
    return render(
        request,
        "cases/assessment/detail.html",
        {
            "case": case,
            "assessment": assessment,
            "shown": shown,
            "editable": assessment.status in services.EDITABLE and case.is_open,
            **approval_context(request, case, Approval.Subject.ASSESSMENT, assessment.pk),
        },
    )


@requires("case.work")
def assessment_edit(request, pk):
    """Fill in the form. "Save draft" keeps what is there (required questions may
    wait); "Submit" checks everything against the form version the assessment was
    started with and puts each message next to its question, in group rows too."""
    assessment = queries_plan.assessment_for(request.user, pk, "case.work")
    case = assessment.case
    if assessment.status not in services.EDITABLE:
        messages.info(request, _("This assessment cannot be changed now."))
        return redirect("cases:assessment_detail", pk=assessment.pk)
    registration.record_read(actor=request.user, case=case, what=f"assessment {assessment.pk}")
    post = request.POST or None
    submitting = "submit" in request.POST
    form = FormForVersion(
        assessment.form_version,
        data=post,
        initial=assessment.answers,
        language=_language(request),
        partial=not submitting,
        user=request.user,
        prefix="answers",
    )
    meta = AssessmentSubmitForm(post, prefix="meta", initial={"version": assessment.version})

    def save(_data):
        version = meta.cleaned_data["version"]
        if submitting:
            return services.assessment_submit(
                actor=request.user,
                assessment=assessment,
                answers=form.cleaned_answers(),
                expected_version=version,
                note=meta.cleaned_data["note"],
            )
        return services.assessment_save(
            actor=request.user,
            assessment=assessment,
            answers=form.cleaned_answers(),
            expected_version=version,
        )

    saved = submit(request, form, save, others=[meta])
    if saved and not submitting:
        messages.success(request, _("Draft saved."))
        return redirect("cases:assessment_edit", pk=assessment.pk)
    if saved:
        if saved.status == Assessment.Status.SUBMITTED:
            messages.success(request, _("Assessment submitted for approval."))
        else:
            messages.success(request, _("Assessment completed."))
        return redirect("cases:assessment_detail", pk=assessment.pk)
    if request.method == "POST":
        assessment.refresh_from_db()  # a refused submit changed nothing
    return render(
        request,
        "cases/assessment/edit.html",
        {
            "case": case,
            "assessment": assessment,
            "form": form,
            "meta": meta,
            **approval_context(request, case, Approval.Subject.ASSESSMENT, assessment.pk),
        },
    )


@requires("case.work")
@require_POST
def assessment_withdraw(request, pk):
    assessment = queries_plan.assessment_for(request.user, pk, "case.work")
    done = press(
        request,
        lambda: services.assessment_withdraw(actor=request.user, assessment=assessment),
        _("Request withdrawn: the assessment is a draft again."),
    )
    if done:
        return redirect("cases:assessment_edit", pk=assessment.pk)
    return redirect("cases:assessment_detail", pk=assessment.pk)


# --- the case page section ----------------------------------------------------------


def build(user, case) -> dict:
    items = queries_plan.live_assessments(case)
    completed = any(a.status == Assessment.Status.APPROVED for a in items)
    may_start = case.is_open and policy.has_perm(user, "case.work")
    return {
        "assessments": items,
        "completed": completed,
        "forms": list(services.assessment_forms()) if may_start else [],
    }


sections.add(
    "assessments",
    gettext_lazy("Assessments"),
    "cases/assessment/_section.html",
    build,
    order=20,
)
