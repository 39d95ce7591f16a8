"""Transfers and reassignment (E4): ask another worker or agency to take the case,
answer transfers offered to me or my agency, and reassign directly as a supervisor."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import delivery_queries as q
from hearth.cases import queries
from hearth.cases.caseload import check_caseload
from hearth.cases.delivery_forms import (
    OptionalReasonForm,
    ReasonForm,
    ReassignForm,
    TransferAcceptForm,
    TransferForm,
    recipient_kwargs,
)
from hearth.cases.models import ConsentRecord
from hearth.cases.services import transfer as transfers
from hearth.cases.services.registration import current_consent
from hearth.web.forms import submit


def _posted(request):
    """The posted data, even when empty: some forms here have no required field."""
    return request.POST if request.method == "POST" else None


def _case_page(case):
    return redirect(reverse("cases:detail", args=[case.pk]) + "#transfers")


def _after(request, case):
    if policy.can(request.user, "case.view", case):
        return _case_page(case)
    return redirect("cases:transfers_incoming")


def _page(request, case, form, title, button=None, template="cases/case_form.html", **extra):
    context = {"case": case, "form": form, "title": title, "button": button, **extra}
    return render(request, template, context)


def _warn_caseload(request, case):
    warning = check_caseload(actor=request.user, worker=case.owner, adding=0)
    if warning:
        messages.warning(request, warning)


@requires("case.transfer")
def transfer_new(request, pk):
    case = queries.case_for(request.user, pk, "case.transfer")
    form = TransferForm(request.POST or None, case=case)

    def request_transfer(data):
        data = dict(data)
        return transfers.transfer_request(
            actor=request.user, case=case, **recipient_kwargs(data.pop("recipient")), **data
        )

    if submit(request, form, request_transfer, _("Transfer requested.")):
        return _case_page(case)
    consent = current_consent(case, ConsentRecord.Kind.SHARING)
    return _page(
        request,
        case,
        form,
        _("Transfer the case"),
        _("Request the transfer"),
        template="cases/transfer/new.html",
        has_consent=bool(consent and consent.permits),
    )


@requires("case.view")
def transfers_incoming(request):
    return render(
        request,
        "cases/transfer/incoming.html",
        {"transfers": q.transfers_incoming(request.user)},
    )


@requires("case.view")
def transfer_accept(request, pk):
    transfer = q.transfer_for(request.user, pk)
    form = TransferAcceptForm(_posted(request), transfer=transfer)
    if submit(
        request,
        form,
        lambda data: transfers.transfer_accept(actor=request.user, transfer=transfer, **data),
        _("Transfer accepted."),
    ):
        transfer.case.refresh_from_db()
        _warn_caseload(request, transfer.case)
        return _after(request, transfer.case)
    return _page(request, transfer.case, form, _("Accept the transfer"), _("Accept"))


@requires("case.view")
def transfer_decline(request, pk):
    transfer = q.transfer_for(request.user, pk)
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: transfers.transfer_decline(
            actor=request.user, transfer=transfer, reason=data["reason"]
        ),
        _("Transfer declined."),
    ):
        return _after(request, transfer.case)
    return _page(request, transfer.case, form, _("Decline the transfer"), _("Decline"))


@requires("case.view")
def transfer_cancel(request, pk):
    transfer = q.transfer_for(request.user, pk)
    form = OptionalReasonForm(_posted(request))
    if submit(
        request,
        form,
        lambda data: transfers.transfer_cancel(
            actor=request.user, transfer=transfer, reason=data["reason"]
        ),
        _("Transfer cancelled."),
    ):
        return _after(request, transfer.case)
    return _page(request, transfer.case, form, _("Cancel the transfer"), _("Cancel the transfer"))


@requires("case.reassign")
def reassign(request, pk):
    case = queries.case_for(request.user, pk, "case.reassign")
    form = ReassignForm(
        request.POST or None,
        workers=queries.assignable_workers(request.user).exclude(pk=case.owner_id),
    )
    if submit(
        request,
        form,
        lambda data: transfers.case_reassign(actor=request.user, case=case, **data),
        _("Case reassigned."),
    ):
        _warn_caseload(request, case)
        return _after(request, case)
    return _page(request, case, form, _("Reassign the case"), _("Reassign"))
