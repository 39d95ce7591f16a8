"""Referrals (D3): refer a case, see what was referred to me or my agency, and
answer (accept, decline, complete). The referrer withdraws, and records the
answers of providers outside Hearth."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import delivery_queries as q
from hearth.cases import queries
from hearth.cases.delivery_forms import (
    ReasonForm,
    ReferralAcceptForm,
    ReferralCompleteForm,
    ReferralDeclineForm,
    ReferralForm,
    ServiceTypeChoiceForm,
    recipient_kwargs,
)
from hearth.cases.models import ConsentRecord
from hearth.cases.services import referral as referrals
from hearth.cases.services.registration import current_consent
from hearth.web.forms import submit


def _after(request, case):
    """Back to the case while it is still in sight, else to the incoming list (a
    recipient who declined or completed no longer sees the case)."""
    if policy.can(request.user, "case.view", case):
        return redirect(reverse("cases:detail", args=[case.pk]) + "#referrals")
    return redirect("cases:referrals_incoming")


@requires("case.refer")
def referral_new(request, pk):
    """Step one chooses the service; step two offers those who provide it in the
    child's area (the directory), with the consent to share shown up front."""
    case = queries.case_for(request.user, pk, "case.refer")
    chooser = ServiceTypeChoiceForm(request.GET or None)
    form = None
    if chooser.is_valid():
        service_type = chooser.cleaned_data["service_type"]
        form = ReferralForm(request.POST or None, case=case, service_type=service_type)

        def refer(data):
            data = dict(data)
            return referrals.referral_create(
                actor=request.user,
                case=case,
                service_type=service_type,
                **recipient_kwargs(data.pop("recipient")),
                **data,
            )

        if submit(request, form, refer, _("Referral sent.")):
            return redirect(reverse("cases:detail", args=[case.pk]) + "#referrals")
    consent = current_consent(case, ConsentRecord.Kind.SHARING)
    return render(
        request,
        "cases/referral/new.html",
        {
            "case": case,
            "chooser": chooser,
            "form": form,
            "title": _("Refer the case"),
            "button": _("Send the referral"),
            "has_consent": bool(consent and consent.permits),
            "may_override": policy.has_perm(request.user, "consent.override"),
        },
    )


@requires("referral.respond")
def referrals_incoming(request):
    rows = list(q.referrals_incoming(request.user))
    overdue = {r.pk for r in q.overdue_referrals(q.referrals_incoming(request.user))}
    return render(request, "cases/referral/incoming.html", {"referrals": rows, "overdue": overdue})


def _answer(request, pk, form_class, act, done, title, button):
    """One step on a referral: the form, the service behind it, and back to the case
    (or to the incoming list when the case is no longer visible)."""
    referral = q.referral_for(request.user, pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if submit(request, form, lambda data: act(referral, data), done):
        return _after(request, referral.case)
    context = {"case": referral.case, "form": form, "title": title(referral), "button": button}
    return render(request, "cases/case_form.html", context)


@requires("referral.respond")
def referral_accept(request, pk):
    return _answer(
        request,
        pk,
        ReferralAcceptForm,
        lambda referral, data: referrals.referral_accept(
            actor=request.user, referral=referral, **data
        ),
        _("Referral accepted."),
        lambda referral: _("Accept the referral for %(s)s") % {"s": referral.service_type},
        _("Accept"),
    )


@requires("referral.respond")
def referral_decline(request, pk):
    return _answer(
        request,
        pk,
        ReferralDeclineForm,
        lambda referral, data: referrals.referral_decline(
            actor=request.user, referral=referral, **data
        ),
        _("Referral declined."),
        lambda referral: _("Decline the referral for %(s)s") % {"s": referral.service_type},
        _("Decline"),
    )


@requires("referral.respond")
def referral_complete(request, pk):
    return _answer(
        request,
        pk,
        ReferralCompleteForm,
        lambda referral, data: referrals.referral_complete(
            actor=request.user, referral=referral, **data
        ),
        _("Referral completed; the referrer has your feedback."),
        lambda referral: _("Complete the referral for %(s)s") % {"s": referral.service_type},
        _("Complete"),
    )


@requires("case.refer")
def referral_revoke(request, pk):
    return _answer(
        request,
        pk,
        ReasonForm,
        lambda referral, data: referrals.referral_revoke(
            actor=request.user, referral=referral, reason=data["reason"]
        ),
        _("Referral withdrawn."),
        lambda referral: _("Withdraw the referral to %(who)s") % {"who": referral.recipient},
        _("Withdraw"),
    )
