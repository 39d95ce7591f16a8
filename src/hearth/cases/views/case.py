"""Case list, registration (search first, then register) and the case page."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import queries, sections
from hearth.cases.caseload import check_caseload
from hearth.cases.duplicates import likely_duplicates
from hearth.cases.forms import (
    CaseForm,
    ChildSearchForm,
    ConsentForm,
    NewChildForm,
    OwnerForm,
)
from hearth.cases.models import Case, RiskLevel
from hearth.cases.overdue import KINDS as overdue_kinds
from hearth.cases.services import registration
from hearth.registry import queries as registry_queries
from hearth.web.forms import submit

OVERDUE = ("1", *overdue_kinds)


def _uuid(value):
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _owner_name(qs, owner) -> str:
    """The worker the list is filtered to, named from a row the reader sees."""
    if not _uuid(owner):
        return ""
    first = qs.select_related(None).select_related("owner").first()
    return str(first.owner) if first else ""


@requires("case.view")
def case_list(request):
    params = request.GET
    scope = params.get("scope", "mine")
    qs = queries.case_list(
        request.user,
        scope=scope,
        status=params.get("status", ""),
        risk=params.get("risk", ""),
        text=params.get("q", ""),
        sort=params.get("sort", "next_due"),
        include_closed=params.get("closed") == "1",
        owner=_uuid(params.get("owner")),
        overdue=params.get("overdue", "") if params.get("overdue") in OVERDUE else "",
        unassigned=params.get("unassigned") == "1",
    )
    page = Paginator(qs, 50).get_page(params.get("page"))
    context = {
        "page": page,
        "scope": scope,
        "statuses": Case.Status.choices,
        "risks": RiskLevel.choices,
        "params": params,
        "owner_filter": _owner_name(qs, params.get("owner")),
    }
    template = "cases/_case_rows.html" if request.headers.get("HX-Request") else "cases/list.html"
    return render(request, template, context)


@requires("case.register")
def case_find_child(request):
    """Registration starts with a search for the child (A5): likely duplicates are
    shown, scored and compared field by field, before anything is created."""
    form = ChildSearchForm(request.GET or None)
    candidates = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        candidates = likely_duplicates(
            request.user,
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=form.birth_date(),
            sex=data["sex"],
            location=data["location"],
        )
    new_child_query = urlencode({k: v for k, v in request.GET.items() if v})
    return render(
        request,
        "cases/find_child.html",
        {"form": form, "candidates": candidates, "new_child_query": new_child_query},
    )


@requires("case.register")
def case_register(request):
    """Step two: the registration form, for a child found in step one or a new one.
    Consent for services, or a best-interests override, is part of it (B2)."""
    user = request.user
    child = None
    if request.GET.get("child"):
        child = registry_queries.person_for(user, request.GET["child"])
    initial = {
        k: request.GET.get(k)
        for k in ("given_name", "family_name", "sex", "date_of_birth", "age_years")
    }
    post = request.POST or None
    child_form = None if child else NewChildForm(post, initial=initial, prefix="child")
    case_form = CaseForm(post, prefix="case", initial={"location": request.GET.get("location")})
    consent_form = ConsentForm(post, prefix="consent")
    workers = queries.assignable_workers(user)
    owner_form = OwnerForm(post, prefix="owner", workers=workers)

    def register(data):
        owner = owner_form.cleaned_data["owner"] or user
        return registration.case_register(
            actor=user,
            child=child,
            child_fields=child_form.cleaned_data if child_form else None,
            consent=consent_form.cleaned_data,
            owner=owner,
            caseload_override=owner_form.cleaned_data["caseload_override"],
            **data,
        )

    case = submit(request, case_form, register, others=[child_form, consent_form, owner_form])
    if case:
        warning = check_caseload(actor=user, worker=case.owner, adding=0)
        if warning:
            messages.warning(request, warning)
        messages.success(request, _("Case %(n)s registered.") % {"n": case.number})
        return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/register.html",
        {
            "child": child,
            "child_form": child_form,
            "case_form": case_form,
            "consent_form": consent_form,
            "owner_form": owner_form,
            "show_owner": workers.exclude(pk=user.pk).exists(),
        },
    )


@requires("case.view")
def case_detail(request, pk):
    case = queries.case_for(request.user, pk)
    registration.record_read(actor=request.user, case=case)
    # The sections and the template ask the same few questions of the policy.
    with policy.remembering():
        return render(
            request,
            "cases/detail.html",
            {"case": case, "sections": sections.for_case(request.user, case)},
        )
