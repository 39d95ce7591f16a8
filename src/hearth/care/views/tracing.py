"""Family tracing pages (F8): requests, proposed matches compared field by field,
confirmation by whoever may handle both records, and the request's closure."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.care import matching, queries
from hearth.care.forms_other import MatchForm, ReasonForm, TracingRequestForm
from hearth.care.models import TracingRequest
from hearth.care.services import tracing
from hearth.cases import queries as case_queries
from hearth.cases.services.registration import current_consent
from hearth.core.errors import Refused
from hearth.web.forms import submit


@requires("tracing.manage")
def request_list(request):
    qs = queries.tracing_requests(request.user)
    status = request.GET.get("status", "open")
    if status in TracingRequest.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-received_on", "-number"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "care/tracing_list.html",
        {"page": page, "status": status, "statuses": TracingRequest.Status.choices},
    )


@requires("tracing.manage")
def request_add(request):
    """A relative comes to look for a child."""
    form = TracingRequestForm(request.POST or None)
    found = submit(
        request,
        form,
        lambda data: tracing.tracing_request_create(
            actor=request.user, kind=TracingRequest.Kind.CHILD_SOUGHT, **data
        ),
        _("Tracing request opened."),
    )
    if found:
        return redirect("care:tracing_request", pk=found.pk)
    return render(
        request,
        "care/form.html",
        {"form": form, "title": _("A relative is looking for a child"), "back": "care:tracing"},
    )


@requires("tracing.manage")
def request_for_case(request, pk):
    """A child in care is looking for their family."""
    case = case_queries.case_for(request.user, pk, "tracing.manage")
    form = TracingRequestForm(request.POST or None, for_case=case)
    found = submit(
        request,
        form,
        lambda data: tracing.tracing_request_create(
            actor=request.user, kind=TracingRequest.Kind.RELATIVE_SOUGHT, case=case, **data
        ),
        _("Tracing request opened."),
    )
    if found:
        return redirect("care:tracing_request", pk=found.pk)
    return render(
        request,
        "care/case_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Trace this child's family"),
            "consent": current_consent(case, "tracing"),
            "intro": _(
                "Tracing needs the tracing consent of the case, or a supervisor's override."
            ),
        },
    )


@requires("tracing.manage")
def request_detail(request, pk):
    found = queries.tracing_request_for(request.user, pk)
    candidates = []
    if found.status == TracingRequest.Status.OPEN:
        candidates = matching.candidates_for(request.user, found)
        for candidate in candidates:
            candidate.may_confirm = candidate.case is not None and policy.can(
                request.user, "tracing.manage", candidate.case
            )
    return render(
        request,
        "care/tracing_detail.html",
        {
            "r": found,
            "candidates": candidates,
            "matches": found.matches.filter(is_voided=False).select_related(
                "case", "other_request", "decided_by"
            ),
            "match_form": MatchForm(),
        },
    )


def _chosen(request, found):
    """The candidate the worker picked, as scored now."""
    case_id = request.POST.get("case", "")
    other_id = request.POST.get("other_request", "")
    for candidate in matching.candidates_for(request.user, found):
        other = str(candidate.other_request.pk) if candidate.other_request else ""
        if candidate.case and str(candidate.case.pk) == case_id and other == other_id:
            return candidate
    raise Refused(_("This record is no longer proposed as a match. Search again."))


@requires("tracing.manage")
@require_POST
def match_confirm(request, pk):
    found = queries.tracing_request_for(request.user, pk)
    form = MatchForm(request.POST)
    form.is_valid()
    candidate = _chosen(request, found)
    tracing.tracing_match_confirm(
        actor=request.user,
        request=found,
        case=candidate.case,
        other_request=candidate.other_request,
        note=form.cleaned_data.get("note", ""),
        consent_override_reason=form.cleaned_data.get("consent_override_reason", ""),
    )
    messages.success(request, _("Match confirmed. A reintegration plan was opened on the case."))
    return redirect(reverse("cases:detail", args=[candidate.case.pk]) + "#reintegration")


@requires("tracing.manage")
@require_POST
def match_propose(request, pk):
    found = queries.tracing_request_for(request.user, pk)
    form = MatchForm(request.POST)
    form.is_valid()
    candidate = _chosen(request, found)
    tracing.tracing_match_propose(
        actor=request.user,
        request=found,
        case=candidate.case,
        other_request=candidate.other_request,
        note=form.cleaned_data.get("note", ""),
    )
    messages.success(request, _("Match proposed. The case's worker has been told."))
    return redirect("care:tracing_request", pk=found.pk)


@requires("tracing.manage")
def match_decide(request, pk):
    """The case's worker confirms or rejects a proposed match."""
    match = queries.match_for(request.user, pk)
    form = MatchForm(request.POST or None)
    confirm = request.POST.get("decision") == "confirm"

    def decide(data):
        if confirm:
            return tracing.tracing_match_confirm(
                actor=request.user,
                request=match.request,
                case=match.case,
                other_request=match.other_request,
                note=data["note"],
                consent_override_reason=data["consent_override_reason"],
            )
        return tracing.tracing_match_reject(actor=request.user, match=match, note=data["note"])

    if submit(request, form, decide, _("Decision recorded.")):
        return redirect(reverse("cases:detail", args=[match.case_id]) + "#tracing")
    return render(
        request, "care/match_decide.html", {"match": match, "form": form, "case": match.case}
    )


@requires("tracing.manage")
def request_close(request, pk):
    found = queries.tracing_request_for(request.user, pk)
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: tracing.tracing_request_close(
            actor=request.user, request=found, reason=data["reason"]
        ),
        _("Tracing request closed."),
    ):
        return redirect("care:tracing_request", pk=found.pk)
    return render(
        request,
        "care/form.html",
        {"form": form, "title": _("Close the tracing request"), "back": "care:tracing"},
    )
