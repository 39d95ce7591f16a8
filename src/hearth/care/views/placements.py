"""Pages for a child's care: a new arrangement, gatekeeping, a placement with its
reviews, family contact, care plan and discharge, and a senior's decision on a
safeguard."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.care import queries, tasks
from hearth.care.forms import (
    ArrangementForm,
    CarePlanForm,
    ContactForm,
    DischargeForm,
    GatekeepingForm,
    ReviewForm,
    SafeguardDecisionForm,
    VoidForm,
)
from hearth.care.services import arrangements, gatekeeping, placement, safeguards
from hearth.cases import queries as case_queries
from hearth.cases.services.registration import record_read
from hearth.web.forms import submit


def _form_page(request, case, form, title, **extra):
    return render(
        request, "care/case_form.html", {"case": case, "form": form, "title": title, **extra}
    )


def _back(case, anchor="care"):
    return redirect(reverse("cases:detail", args=[case.pk]) + f"#{anchor}")


@requires("care.manage")
def arrangement_add(request, pk):
    case = case_queries.case_for(request.user, pk, "care.manage")
    form = ArrangementForm(request.POST or None, user=request.user, case=case)

    def start(data):
        return arrangements.arrangement_start(actor=request.user, case=case, **data)

    arrangement = submit(request, form, start, _("Care arrangement recorded."))
    if arrangement:
        if arrangement.safeguard:
            messages.warning(
                request,
                _("This placement needs a senior's approval; it shows as awaiting approval."),
            )
        if arrangement.is_emergency and not arrangement.gatekeeping_id:
            messages.warning(request, _("Record the gatekeeping decision within 72 hours."))
        provider = arrangement.facility or arrangement.foster_carer
        if provider is not None and queries.occupied(provider) > provider.capacity:
            messages.warning(request, _("%(p)s is now above its capacity.") % {"p": provider})
        return _back(case)
    return _form_page(request, case, form, _("Record a care arrangement"))


@requires("care.manage")
def gatekeeping_add(request, pk):
    case = case_queries.case_for(request.user, pk, "care.manage")
    form = GatekeepingForm(request.POST or None, case=case)
    if submit(
        request,
        form,
        lambda data: gatekeeping.gatekeeping_record(
            actor=request.user, case=case, **form.service_fields()
        ),
        _("Gatekeeping decision recorded."),
    ):
        return _back(case)
    return _form_page(request, case, form, _("Record a gatekeeping decision"))


@requires("care.view")
def arrangement_detail(request, pk):
    arrangement = queries.arrangement_for(request.user, pk)
    case = arrangement.case
    record_read(actor=request.user, case=case, what="care arrangement")
    return render(
        request,
        "care/arrangement.html",
        {
            "a": arrangement,
            "case": case,
            "may_manage": case.is_open and policy.can(request.user, "care.manage", case),
            "reviews": queries.reviews_of(arrangement),
            "contacts": arrangement.contacts.filter(is_voided=False).select_related("created_by"),
            "has_care_plan": queries.has_care_plan(arrangement),
            "case_plan": queries.approved_plan(case),
            "reasons": arrangement.reasons.all(),
            "discharge": getattr(arrangement, "discharge", None),
            "pending": safeguards.pending_approval(arrangement),
            "safeguard_labels": safeguards.labels(arrangement.safeguard_reasons),
        },
    )


def _arrangement(request, pk):
    arrangement = queries.arrangement_for(request.user, pk, "care.manage")
    return arrangement, arrangement.case


@requires("care.manage")
def care_plan(request, pk):
    arrangement, case = _arrangement(request, pk)
    form = CarePlanForm(
        request.POST or None,
        initial={"note": arrangement.care_plan_note, "version": arrangement.version},
    )
    if submit(
        request,
        form,
        lambda data: arrangements.arrangement_care_plan_set(
            actor=request.user,
            arrangement=arrangement,
            note=data["note"],
            expected_version=data["version"],
        ),
        _("Care plan saved."),
    ):
        return redirect("care:arrangement", pk=arrangement.pk)
    return _form_page(request, case, form, _("Placement care plan"), arrangement=arrangement)


@requires("care.manage")
def review_add(request, pk):
    arrangement, case = _arrangement(request, pk)
    form = ReviewForm(request.POST or None)
    review = submit(
        request,
        form,
        lambda data: placement.placement_review_record(
            actor=request.user, arrangement=arrangement, **data
        ),
        _("Placement review recorded."),
    )
    if review:
        if review.decision == review.Decision.REINTEGRATE:
            messages.info(request, _("Next: make the reintegration plan with the family."))
        return redirect("care:arrangement", pk=arrangement.pk)
    return _form_page(request, case, form, _("Review the placement"), arrangement=arrangement)


@requires("care.manage")
def contact_add(request, pk):
    arrangement, case = _arrangement(request, pk)
    form = ContactForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: placement.family_contact_record(
            actor=request.user, arrangement=arrangement, **data
        ),
        _("Family contact recorded."),
    ):
        return redirect("care:arrangement", pk=arrangement.pk)
    return _form_page(request, case, form, _("Record family contact"), arrangement=arrangement)


@requires("care.manage")
def discharge(request, pk):
    arrangement, case = _arrangement(request, pk)
    form = DischargeForm(request.POST or None, user=request.user, child=arrangement.child)
    if submit(
        request,
        form,
        lambda data: placement.discharge_record(
            actor=request.user, arrangement=arrangement, **data
        ),
        _("Discharge recorded; the placement has ended."),
    ):
        return _back(case)
    return _form_page(
        request, case, form, _("Discharge from the placement"), arrangement=arrangement
    )


@requires("care.manage")
def arrangement_void(request, pk):
    arrangement, case = _arrangement(request, pk)
    form = VoidForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: arrangements.arrangement_void(
            actor=request.user, arrangement=arrangement, reason=data["reason"]
        ),
        _("The arrangement was voided."),
    ):
        return _back(case)
    return _form_page(
        request, case, form, _("Void this arrangement"), arrangement=arrangement, danger=True
    )


@requires("care.approve_exception")
def safeguard_decide(request, pk):
    arrangement = queries.arrangement_for(request.user, pk, "care.approve_exception")
    case = arrangement.case
    form = SafeguardDecisionForm(request.POST or None)
    approve = request.POST.get("decision") == "approve"
    if submit(
        request,
        form,
        lambda data: safeguards.safeguard_decide(
            actor=request.user, arrangement=arrangement, approve=approve, comment=data["comment"]
        ),
        _("Decision recorded. The worker has been told."),
    ):
        return redirect("care:exceptions")
    record_read(actor=request.user, case=case, what="safeguard")
    pending = safeguards.pending_approval(arrangement)
    return render(
        request,
        "care/safeguard_decide.html",
        {
            "a": arrangement,
            "case": case,
            "form": form,
            "pending": pending,
            "labels": safeguards.labels(arrangement.safeguard_reasons),
            "own": pending is not None and pending.created_by_id == request.user.pk,
        },
    )


@requires("care.manage")
def my_tasks(request):
    """The user's care tasks, overdue first (the task list shows the same)."""
    return render(request, "care/tasks.html", {"tasks": tasks.care_tasks_for(request.user)})
