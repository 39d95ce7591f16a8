"""Referrals (D3): a case is referred to a worker, an agency in Hearth, or an
external provider from the service directory, for a service the recipient offers
in the child's area.

    pending --accept--> accepted --complete (feedback)--> completed
    pending --decline (reason)--> declined
    pending | accepted --revoke (reason, by the referrer)--> revoked

Sharing needs consent, or an override with a reason by someone allowed (B3).
While pending or accepted the recipient may read the case; declining, completing
or revoking ends that at once (B8: access is derived from the status, see
cases/access.py). A worker or agency in Hearth answers for itself; the referrer
records the answers of an external provider. Acceptance plans a service so its
delivery is tracked; completing can mark it delivered."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.audit.services import record, record_change
from hearth.cases import deadlines, workflow
from hearth.cases import delivery_queries as q
from hearth.cases.models import Case, ConsentRecord, Referral, Service, ServiceType
from hearth.cases.notices import tell
from hearth.cases.services import delivery
from hearth.cases.services.registration import require_consent
from hearth.core import clock, config, writes
from hearth.core.errors import Forbidden, Refused

config.register(
    "cases.referral_respond_days",
    {"urgent": 2, "normal": 7},
    gettext_lazy("Days a referral recipient has to answer, for urgent and other referrals (D3)."),
)
config.register(
    "cases.referral_service_days",
    30,
    gettext_lazy("Days after a referral is accepted by when the service is due, unless given."),
)

S = Referral.Status
# Which answers each state allows; everything else is refused (the state machine).
ALLOWED_FROM = {
    "accept": {S.PENDING},
    "decline": {S.PENDING},
    "complete": {S.ACCEPTED},
    "revoke": {S.PENDING, S.ACCEPTED},
}


def respond_by_default(urgent: bool, today: dt.date | None = None) -> dt.date:
    days = config.get("cases.referral_respond_days")
    today = today or clock.today()
    return today + dt.timedelta(days=int(days["urgent" if urgent else "normal"]))


def _recipients(referral: Referral) -> list:
    """Who in Hearth hears about the referral on the receiving side."""
    if referral.to_user_id:
        return [referral.to_user]
    if referral.to_agency_id:
        return q.responders(referral.to_agency)
    return []  # an external provider: the referrer deals with them directly


def _referrer_side(referral: Referral) -> list:
    return [referral.created_by, referral.case.owner]


def _check_recipient(*, actor, case: Case, service_type, to_user, to_agency, to_provider):
    """The recipient must offer the service in the child's area (the directory says
    who does), and someone there must be able to answer."""
    offering = q.providers_for(service_type, case.location)
    area = case.location.name
    if to_provider is not None:
        if not offering.filter(pk=to_provider.pk).exists():
            raise ValidationError(
                {
                    "recipient": _("%(who)s does not offer %(what)s in %(area)s.")
                    % {"who": to_provider, "what": service_type, "area": area}
                }
            )
        return
    agency = to_agency if to_agency is not None else to_user.agency
    if agency is None or not offering.filter(agency=agency).exists():
        raise ValidationError(
            {
                "recipient": _(
                    "%(who)s does not offer %(what)s in %(area)s according to the service "
                    "directory."
                )
                % {"who": agency or to_user, "what": service_type, "area": area}
            }
        )
    if to_user is not None:
        if to_user.pk == actor.pk:
            raise ValidationError({"recipient": _("You cannot refer a case to yourself.")})
        if not to_user.is_active or not policy.has_perm(to_user, "referral.respond"):
            raise ValidationError(
                {"recipient": _("%(who)s cannot receive referrals.") % {"who": to_user}}
            )
    elif not q.responders(to_agency):
        raise ValidationError(
            {
                "recipient": _("Nobody at %(who)s can answer referrals in Hearth yet.")
                % {"who": to_agency}
            }
        )


@transaction.atomic
def referral_create(
    *,
    actor,
    case: Case,
    service_type: ServiceType,
    reason: str,
    to_user=None,
    to_agency=None,
    to_provider=None,
    urgent: bool = False,
    respond_by: dt.date | None = None,
    consent_override_reason: str = "",
) -> Referral:
    """Refer the case (D3). Refused on a closed case, for a recipient that does not
    offer the service in the child's area, and without consent to share unless a
    supervisor gives a reason to go ahead (B3)."""
    policy.require(actor, "case.refer", case)
    workflow.require_open(case)
    if to_provider is not None and to_provider.agency_id:
        # A directory entry of an agency in Hearth: the agency itself answers.
        to_agency, to_provider = to_provider.agency, None
    if len([x for x in (to_user, to_agency, to_provider) if x is not None]) != 1:
        raise ValidationError({"recipient": _("Refer to one worker, one agency or one provider.")})
    if not service_type.is_active:
        raise ValidationError({"service_type": _("This service type is no longer offered.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the child is referred.")})
    _check_recipient(
        actor=actor,
        case=case,
        service_type=service_type,
        to_user=to_user,
        to_agency=to_agency,
        to_provider=to_provider,
    )
    respond_by = respond_by or respond_by_default(urgent)
    if respond_by < clock.today():
        raise ValidationError({"respond_by": _("The answer date cannot be in the past.")})
    already = case.referrals.filter(
        service_type=service_type,
        to_user=to_user,
        to_agency=to_agency,
        to_provider=to_provider,
        status__in=Referral.ACTIVE,
        is_voided=False,
    )
    if already.exists():
        raise Refused(_("This case is already referred there for this service."))
    override = require_consent(case, ConsentRecord.Kind.SHARING, consent_override_reason, actor)
    referral = Referral(
        case=case,
        service_type=service_type,
        to_user=to_user,
        to_agency=to_agency,
        to_provider=to_provider,
        reason=reason,
        urgent=urgent,
        respond_by=respond_by,
        consent_override_reason=override,
    )
    writes.create(referral, actor=actor)
    record_change(actor=actor, action="referral.create", target=referral, before=None)
    if override:
        record(
            actor=actor,
            action="case.consent_override",
            target=referral,
            detail={"consent": ConsentRecord.Kind.SHARING, "for": "referral"},
        )
    workflow.start_implementation(actor=actor, case=case)
    deadlines.refresh(case)
    values = {"n": case.number, "what": service_type.name}

    def title():
        if urgent:
            return _("Urgent referral: case %(n)s for %(what)s") % values
        return _("Case %(n)s is referred to you for %(what)s") % values

    tell(_recipients(referral), "referral", title, case=case, actor=actor)
    return referral


def _check_answerer(actor, referral: Referral) -> None:
    """The recipient answers for itself; an external provider's answers are
    recorded by those who may refer the case."""
    if not policy.has_perm(actor, "referral.respond"):
        raise Forbidden(_("You do not have permission to do this."))
    if referral.to_provider_id:
        policy.require(actor, "case.refer", referral.case)
    elif not q.is_referral_recipient(actor, referral):
        raise Forbidden(_("Only the recipient of the referral can answer it."))


def _check_state(referral: Referral, step: str) -> None:
    if referral.status not in ALLOWED_FROM[step]:
        messages = {
            "accept": _("Only a referral waiting for an answer can be accepted."),
            "decline": _("Only a referral waiting for an answer can be declined."),
            "complete": _("Only an accepted referral can be completed."),
            "revoke": _("Only a pending or accepted referral can be withdrawn."),
        }
        now = _("This one is “%(s)s”.") % {"s": referral.get_status_display()}
        raise Refused(f"{messages[step]} {now}")


def _tell_referrer(referral: Referral, actor, title, body: str = "") -> None:
    tell(_referrer_side(referral), "referral", title, case=referral.case, actor=actor, body=body)


@transaction.atomic
def referral_accept(
    *, actor, referral: Referral, service_due_on: dt.date | None = None, expected_version=None
) -> Referral:
    """Accept: the recipient takes the child on, and a service is planned with the
    recipient as provider so its delivery is tracked on the case."""
    _check_answerer(actor, referral)
    _check_state(referral, "accept")
    case = referral.case
    before = writes.snapshot(referral)
    referral.status = S.ACCEPTED
    referral.responded_by = actor
    referral.responded_at = clock.now()
    writes.update(referral, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="referral.accept", target=referral, before=before)
    due = service_due_on or clock.today() + dt.timedelta(
        days=int(config.get("cases.referral_service_days"))
    )
    delivery._service_add(
        actor=actor,
        case=case,
        service_type=referral.service_type,
        due_on=due,
        provided_by_user=referral.to_user,
        provided_by_agency=referral.to_agency,
        provider=referral.to_provider,
        referral=referral,
        check_type=False,  # the referral was made while the type was offered
    )
    number, who = case.number, str(referral.recipient)
    _tell_referrer(
        referral,
        actor,
        lambda: _("Referral of case %(n)s accepted by %(who)s") % {"n": number, "who": who},
    )
    return referral


@transaction.atomic
def referral_decline(*, actor, referral: Referral, reason: str, expected_version=None) -> Referral:
    """Decline with a reason the referrer can act on. The recipient loses sight of
    the case at once."""
    _check_answerer(actor, referral)
    _check_state(referral, "decline")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    before = writes.snapshot(referral)
    referral.status = S.DECLINED
    referral.decline_reason = reason
    referral.responded_by = actor
    referral.responded_at = clock.now()
    writes.update(referral, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="referral.decline", target=referral, before=before)
    number, who = referral.case.number, str(referral.recipient)
    _tell_referrer(
        referral,
        actor,
        lambda: _("Referral of case %(n)s declined by %(who)s") % {"n": number, "who": who},
    )
    deadlines.refresh(referral.case)
    return referral


@transaction.atomic
def referral_complete(
    *,
    actor,
    referral: Referral,
    feedback: str,
    service_delivered: bool = True,
    delivered_on: dt.date | None = None,
    expected_version=None,
) -> Referral:
    """Complete with feedback to the referrer (D3). When the service was delivered,
    the service planned on acceptance is marked delivered on that date. The
    recipient loses sight of the case at once."""
    _check_answerer(actor, referral)
    _check_state(referral, "complete")
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": _("Give the referrer feedback on the outcome.")})
    before = writes.snapshot(referral)
    referral.status = S.COMPLETED
    referral.feedback = feedback
    referral.completed_at = clock.now()
    writes.update(referral, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="referral.complete", target=referral, before=before)
    if service_delivered:
        for service in referral.services.filter(status=Service.Status.PLANNED, is_voided=False):
            delivery._deliver(actor=actor, service=service, delivered_on=delivered_on)
    number, who = referral.case.number, str(referral.recipient)
    _tell_referrer(
        referral,
        actor,
        lambda: _("Referral of case %(n)s completed by %(who)s") % {"n": number, "who": who},
        body=feedback,
    )
    deadlines.refresh(referral.case)
    return referral


@transaction.atomic
def referral_revoke(*, actor, referral: Referral, reason: str, expected_version=None) -> Referral:
    """The referrer withdraws the referral (B8): the recipient's access ends at
    once and a service still planned under it is cancelled."""
    policy.require(actor, "case.refer", referral.case)
    _check_state(referral, "revoke")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the referral is withdrawn.")})
    before = writes.snapshot(referral)
    referral.status = S.REVOKED
    referral.revoked_reason = reason
    writes.update(referral, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="referral.revoke", target=referral, before=before)
    for service in referral.services.filter(status=Service.Status.PLANNED, is_voided=False):
        delivery._cancel(
            actor=actor, service=service, reason=_("Referral withdrawn: %(r)s") % {"r": reason}
        )
    number = referral.case.number
    tell(
        _recipients(referral),
        "referral",
        lambda: _("The referral of case %(n)s was withdrawn") % {"n": number},
        actor=actor,
    )
    deadlines.refresh(referral.case)
    return referral
