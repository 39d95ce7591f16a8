"""The limited search (A7), asking for access, deciding requests, ending access
(B8) and emergency access (B4). Pages about a case outside the reader's scope
show its minimum facts only, never the case itself."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import minimum_only, requires
from hearth.cases import limited_search
from hearth.cases.access_forms import (
    AccessRequestForm,
    DecideForm,
    EmergencyForm,
    EndForm,
    SearchForm,
)
from hearth.cases.emergency import emergency_access_open, emergency_hours
from hearth.cases.services import access_requests
from hearth.core import config
from hearth.core.errors import HearthError
from hearth.web.forms import show_errors, submit


@minimum_only
@requires("person.search")
def search(request):
    form = SearchForm(request.GET or None)
    results, total = None, 0
    if request.GET and form.is_valid():
        try:
            results, total = limited_search.search(request.user, form.cleaned_data["q"])
        except HearthError as error:
            show_errors(form, error)
    return render(
        request,
        "cases/access/search.html",
        {
            "form": form,
            "results": results,
            "total": total,
            "may_break_glass": policy.has_perm(request.user, "access.emergency"),
        },
    )


@minimum_only
@requires("person.search")
def request_access(request, pk):
    case, found = limited_search.case_for_request(request.user, pk)
    if found.visible:
        return redirect("cases:detail", pk=case.pk)
    form = AccessRequestForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: access_requests.access_request(
            actor=request.user, case=case, reason=data["reason"]
        ),
        _("Your request was sent to the caseworker and their supervisors."),
    ):
        return redirect("cases:access_requests")
    return render(request, "cases/access/request.html", {"found": found, "form": form})


@minimum_only
@requires("access.emergency")
def emergency(request, pk):
    case, found = limited_search.case_for_request(request.user, pk, "access.emergency")
    if found.visible:
        return redirect("cases:detail", pk=case.pk)
    form = EmergencyForm(request.POST or None)
    grant = submit(
        request,
        form,
        lambda data: emergency_access_open(actor=request.user, case=case, reason=data["reason"]),
    )
    if grant:
        messages.warning(
            request,
            _("Emergency access is open until %(t)s. Every page you read is recorded.")
            % {"t": formats.time_format(timezone.localtime(grant.expires_at), "TIME_FORMAT")},
        )
        return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/access/emergency.html",
        {"found": found, "form": form, "hours": emergency_hours()},
    )


@requires("case.view")
def access_requests_page(request):
    user = request.user
    to_decide = access_requests.requests_to_decide(user)
    mine = list(access_requests.requests_of(user)[:50])
    return render(
        request,
        "cases/access/requests.html",
        {
            "to_decide": [(g, _found(user, g.case)) for g in to_decide],
            "mine": [(g, _found(user, g.case)) for g in mine],
            "default_days": config.get("access.grant_days"),
        },
    )


def _found(user, case):
    return limited_search.minimum(user, case, visible=policy.can(user, "case.view", case))


def _back(grant, from_case: bool):
    if from_case:
        return redirect("cases:detail", pk=grant.case_id)
    return redirect("cases:access_requests")


@requires("case.view")
@require_POST
def decide(request, pk):
    grant = access_requests.grant_for(request.user, pk)
    form = DecideForm(request.POST)
    if submit(
        request,
        form,
        lambda data: access_requests.access_request_decide(
            actor=request.user,
            grant=grant,
            approve=data["decision"] == "grant",
            comment=data["comment"],
            days=data["days"],
        ),
        _("Decision recorded; the person who asked is told."),
    ):
        return _back(grant, form.cleaned_data.get("from_case"))
    found = _found(request.user, grant.case)
    return render(
        request, "cases/access/decide.html", {"grant": grant, "found": found, "form": form}
    )


@requires("case.view")
@require_POST
def end(request, pk):
    grant = access_requests.grant_for(request.user, pk)
    form = EndForm(request.POST)
    if submit(
        request,
        form,
        lambda data: access_requests.access_grant_end(
            actor=request.user, grant=grant, reason=data["reason"]
        ),
        _("The access has ended."),
    ):
        if grant.user_id == request.user.pk:
            return redirect("cases:access_requests")
        return _back(grant, form.cleaned_data.get("from_case"))
    found = _found(request.user, grant.case)
    return render(request, "cases/access/end.html", {"grant": grant, "found": found, "form": form})


@requires("person.search")
@require_POST
def withdraw(request, pk):
    grant = access_requests.grant_for(request.user, pk)
    try:
        access_requests.access_request_withdraw(actor=request.user, grant=grant)
    except HearthError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("cases:access_requests")
