"""Changing a case's core facts: details, risk level, consent, assignment, duplicates."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access.decorators import requires
from hearth.cases import queries
from hearth.cases.forms import AssignForm, CaseEditForm, ConsentKindForm, DuplicateForm, RiskForm
from hearth.cases.models import CaseAssignment, ConsentRecord
from hearth.cases.services import registration
from hearth.core import clock
from hearth.web.forms import submit


def _page(request, case, form, title):
    return render(request, "cases/case_form.html", {"case": case, "form": form, "title": title})


@requires("case.work")
def case_edit(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    initial = {
        "registration_date": case.registration_date,
        "identified_how": case.identified_how,
        "identified_by": case.identified_by,
        "concerns": case.concerns.all(),
        "location": case.location,
        "summary": case.summary,
        "version": case.version,
    }
    form = CaseEditForm(request.POST or None, initial=initial)

    def save(data):
        data = dict(data)
        return registration.case_update(
            actor=request.user, case=case, expected_version=data.pop("version"), **data
        )

    if submit(request, form, save, _("Changes saved.")):
        return redirect("cases:detail", pk=case.pk)
    return _page(request, case, form, _("Edit registration details"))


@requires("case.work")
def risk_change(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    form = RiskForm(request.POST or None, initial={"risk_level": case.risk_level})
    if submit(
        request,
        form,
        lambda data: registration.risk_change(actor=request.user, case=case, **data),
        _("Risk level changed."),
    ):
        return redirect("cases:detail", pk=case.pk)
    return _page(request, case, form, _("Change the risk level"))


@requires("case.work")
def consent_add(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    form = ConsentKindForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if submit(
        request,
        form,
        lambda data: registration.consent_record(actor=request.user, case=case, **data),
        _("Consent recorded."),
    ):
        return redirect("cases:detail", pk=case.pk)
    return _page(request, case, form, _("Record consent"))


@requires("case.work")
@require_POST
def consent_withdraw(request, pk, consent_pk):
    case = queries.case_for(request.user, pk, "case.work")
    consent = get_object_or_404(ConsentRecord, pk=consent_pk, case=case, is_voided=False)
    registration.consent_withdraw(actor=request.user, consent=consent, withdrawn_on=clock.today())
    messages.success(request, _("Consent marked as withdrawn."))
    return redirect("cases:detail", pk=case.pk)


@requires("case.reassign")
def assign(request, pk):
    case = queries.case_for(request.user, pk, "case.reassign")
    form = AssignForm(
        request.POST or None,
        workers=queries.assignable_workers(request.user).exclude(pk=case.owner_id),
    )
    if submit(
        request,
        form,
        lambda data: registration.assignment_add(actor=request.user, case=case, **data),
        _("Worker assigned."),
    ):
        return redirect("cases:detail", pk=case.pk)
    return _page(request, case, form, _("Assign another worker"))


@requires("case.reassign")
@require_POST
def unassign(request, pk, assignment_pk):
    case = queries.case_for(request.user, pk, "case.reassign")
    assignment = get_object_or_404(CaseAssignment, pk=assignment_pk, case=case)
    registration.assignment_end(actor=request.user, assignment=assignment)
    return redirect("cases:detail", pk=case.pk)


@requires("case.void")
def mark_duplicate(request, pk):
    case = queries.case_for(request.user, pk, "case.void")
    form = DuplicateForm(request.POST or None)

    def mark(data):
        survivor = queries.case_by_number(request.user, data["of"])
        return registration.case_mark_duplicate(
            actor=request.user, case=case, of=survivor, reason=data["reason"]
        )

    if submit(request, form, mark, _("Case marked as a duplicate.")):
        return redirect("cases:detail", pk=case.pk)
    return _page(request, case, form, _("Mark as duplicate"))
