"""Services on a case (D2): plan one, record its delivery, or cancel it."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.access.decorators import requires
from hearth.cases import delivery_queries as q
from hearth.cases import queries
from hearth.cases.delivery_forms import DeliverForm, ReasonForm, ServiceForm
from hearth.cases.services import delivery
from hearth.web.forms import submit


def _page(request, case, form, title):
    return render(request, "cases/case_form.html", {"case": case, "form": form, "title": title})


def _back(case, anchor="services"):
    return redirect(reverse("cases:detail", args=[case.pk]) + f"#{anchor}")


@requires("case.work")
def service_add(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    form = ServiceForm(request.POST or None, case=case)
    if submit(
        request,
        form,
        lambda data: delivery.service_add(actor=request.user, case=case, **form.service_kwargs()),
        _("Service added."),
    ):
        return _back(case)
    return _page(request, case, form, _("Add a service"))


@requires("case.work")
def service_deliver(request, pk):
    service = q.service_for(request.user, pk)
    case = queries.case_for(request.user, service.case_id, "case.work")
    service.case = case
    form = DeliverForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: delivery.service_deliver(actor=request.user, service=service, **data),
        _("Delivery recorded."),
    ):
        return _back(case)
    return _page(request, case, form, _("Record delivery of %(s)s") % {"s": service})


@requires("case.work")
def service_cancel(request, pk):
    service = q.service_for(request.user, pk)
    case = queries.case_for(request.user, service.case_id, "case.work")
    service.case = case
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: delivery.service_cancel(
            actor=request.user, service=service, reason=data["reason"]
        ),
        _("Service cancelled."),
    ):
        return _back(case)
    return _page(request, case, form, _("Cancel %(s)s") % {"s": service})
