"""Referrals (D3, B3, B8): the consent gate, the directory filter, answers and
feedback, notifications, and the recipient's access opening and closing at once."""

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from hearth.access import policy
from hearth.audit.models import AuditEvent
from hearth.cases import work
from hearth.cases.models import Case, Referral, Service, ServiceType
from hearth.cases.services import referral as referrals
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from hearth.core.models import Setting
from hearth.notify.models import Notification
from tests.cases.delivery_world import (
    approve_plan,
    build_directory,
    consent_to_share,
)
from tests.conftest import make_user


@pytest.fixture
def entries(administrator, agencies, places):
    return build_directory(administrator, agencies, places)


@pytest.fixture
def shared(case, worker, entries):
    """The usual case: consent to share recorded, directory in place."""
    consent_to_share(worker, case)
    return case


def st(code):
    return ServiceType.objects.get(code=code)


def refer(case, actor, **kwargs):
    values = {"service_type": st("mental_health"), "reason": "Nightmares since the fire"}
    values.update(kwargs)
    return referrals.referral_create(actor=actor, case=case, **values)


def sees(user, case) -> bool:
    policy.forget(user)
    return policy.can(user, "case.view", case)


# --- the consent gate (B3) -------------------------------------------------------------


def test_no_consent_to_share_no_referral(case, worker, entries, ngo_worker):
    with pytest.raises(Refused) as error:
        refer(case, worker, to_user=ngo_worker)
    assert "no consent" in str(error.value.message)
    assert not Referral.objects.exists()


def test_a_caseworker_cannot_override_consent(case, worker, entries, ngo_worker):
    with pytest.raises(Refused) as error:
        refer(case, worker, to_user=ngo_worker, consent_override_reason="It is urgent")
    assert "supervisor" in str(error.value.message)
    assert not Referral.objects.exists()


def test_a_supervisor_overrides_with_a_reason_kept_and_audited(
    case, supervisor, entries, agencies, ngo_worker
):
    referral = refer(
        case,
        supervisor,
        to_agency=agencies["ngo"],
        consent_override_reason="Parents unreachable; the child is at risk of self-harm",
    )
    assert referral.consent_override_reason.startswith("Parents unreachable")
    event = AuditEvent.objects.get(action="case.consent_override", object_id=str(referral.pk))
    assert event.detail["consent"] == "sharing" and event.detail["for"] == "referral"
    assert event.case_id == case.pk


def test_with_consent_no_override_is_recorded(shared, worker, ngo_worker):
    referral = refer(shared, worker, to_user=ngo_worker, consent_override_reason="ignored")
    assert referral.consent_override_reason == ""
    assert not AuditEvent.objects.filter(action="case.consent_override").exists()


def test_withdrawn_consent_closes_the_gate(shared, worker, ngo_worker):
    from hearth.cases.services import registration

    consent = shared.consents.get(kind="sharing")
    registration.consent_withdraw(actor=worker, consent=consent, withdrawn_on=clock.today())
    with pytest.raises(Refused):
        refer(shared, worker, to_user=ngo_worker)


# --- who may receive (directory filter) -----------------------------------------------


def test_recipients_must_offer_the_service_in_the_childs_area(shared, worker, entries, agencies):
    with pytest.raises(ValidationError):  # serves the South only
        refer(shared, worker, service_type=st("health"), to_provider=entries["far"])
    with pytest.raises(ValidationError):  # the NGO does not offer legal aid
        refer(shared, worker, service_type=st("legal_aid"), to_agency=agencies["ngo"])
    referral = refer(shared, worker, service_type=st("health"), to_provider=entries["clinic"])
    assert referral.to_provider == entries["clinic"]


def test_a_directory_entry_of_an_agency_refers_to_the_agency(
    shared, worker, entries, agencies, ngo_worker
):
    referral = refer(shared, worker, to_provider=entries["ngo"])
    assert referral.to_agency == agencies["ngo"] and referral.to_provider is None


def test_workers_are_reached_through_their_agency(shared, worker, worker_elsewhere, ngo_worker):
    refer(shared, worker, to_user=ngo_worker)
    with pytest.raises(ValidationError):  # Social Welfare offers no mental health
        refer(shared, worker, to_user=worker_elsewhere)
    with pytest.raises(ValidationError):
        refer(shared, worker, service_type=st("family_support"), to_user=worker)  # oneself


def test_one_recipient_and_one_active_referral_there(shared, worker, ngo_worker, agencies):
    with pytest.raises(ValidationError):
        refer(shared, worker, to_user=ngo_worker, to_agency=agencies["ngo"])
    refer(shared, worker, to_user=ngo_worker)
    with pytest.raises(Refused):
        refer(shared, worker, to_user=ngo_worker)


def test_respond_by_follows_urgency_and_configuration(shared, worker, ngo_worker, entries):
    normal = refer(shared, worker, to_user=ngo_worker)
    urgent = refer(shared, worker, to_provider=entries["clinic"], urgent=True)
    assert normal.respond_by == clock.today() + dt.timedelta(days=7)
    assert urgent.respond_by == clock.today() + dt.timedelta(days=2)
    Setting.objects.create(key="cases.referral_respond_days", value={"urgent": 1, "normal": 3})
    later = refer(shared, worker, service_type=st("education"), to_user=ngo_worker)
    assert later.respond_by == clock.today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        refer(
            shared,
            worker,
            service_type=st("health"),
            to_provider=entries["clinic"],
            respond_by=clock.today() - dt.timedelta(days=1),
        )


def test_closed_cases_are_not_referred(shared, worker, ngo_worker):
    Case.objects.filter(pk=shared.pk).update(status=Case.Status.CLOSED)
    work.sync([shared.pk])  # past the services: keep the open work too
    shared.refresh_from_db()
    with pytest.raises(Refused):
        refer(shared, worker, to_user=ngo_worker)


def test_a_referral_puts_an_approved_plan_into_implementation(shared, worker, ngo_worker):
    approve_plan(shared)
    refer(shared, worker, to_user=ngo_worker)
    shared.refresh_from_db()
    assert shared.status == Case.Status.IN_IMPLEMENTATION


# --- answers, feedback and notifications ------------------------------------------------


def test_worker_accepts_then_completes_with_feedback(
    shared, worker, ngo_worker, django_capture_on_commit_callbacks
):
    referral = refer(shared, worker, to_user=ngo_worker)
    assert Notification.objects.filter(recipient=ngo_worker, kind="referral").count() == 1
    referrals.referral_accept(actor=ngo_worker, referral=referral)
    service = Service.objects.get(referral=referral)
    assert service.provided_by_user == ngo_worker and service.status == Service.Status.PLANNED
    assert service.due_on == clock.today() + dt.timedelta(days=30)
    with pytest.raises(ValidationError):
        referrals.referral_complete(actor=ngo_worker, referral=referral, feedback="")
    referrals.referral_complete(
        actor=ngo_worker, referral=referral, feedback="Six sessions; sleeping better"
    )
    referral.refresh_from_db()
    service.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED and referral.completed_at
    assert service.status == Service.Status.DELIVERED and service.delivered_on == clock.today()
    told = Notification.objects.filter(recipient=worker, kind="referral").order_by("created_at")
    assert [n.title for n in told] == [
        f"Referral of case {shared.number} accepted by Ngoworker",
        f"Referral of case {shared.number} completed by Ngoworker",
    ]
    assert told.last().body == "Six sessions; sleeping better"


def test_agency_referral_reaches_its_responders_and_plans_an_agency_service(
    shared, worker, ngo_worker, agencies, places
):
    colleague = make_user(
        "ngocolleague", "caseworker", agency=agencies["ngo"], areas=[places["south"]]
    )
    referral = refer(shared, worker, to_agency=agencies["ngo"], urgent=True)
    for person in (ngo_worker, colleague):
        note = Notification.objects.get(recipient=person, kind="referral")
        assert note.title.startswith("Urgent referral") and note.link == f"/cases/{shared.pk}/"
    referrals.referral_accept(
        actor=colleague, referral=referral, service_due_on=clock.today() + dt.timedelta(days=10)
    )
    service = Service.objects.get(referral=referral)
    assert service.provided_by_agency == agencies["ngo"]
    assert service.due_on == clock.today() + dt.timedelta(days=10)
    referral.refresh_from_db()
    assert referral.responded_by == colleague


def test_decline_needs_a_reason_and_tells_the_referrer(shared, worker, ngo_worker):
    referral = refer(shared, worker, to_user=ngo_worker)
    with pytest.raises(ValidationError):
        referrals.referral_decline(actor=ngo_worker, referral=referral, reason="")
    referrals.referral_decline(actor=ngo_worker, referral=referral, reason="No capacity")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED and referral.decline_reason == "No capacity"
    assert Notification.objects.filter(recipient=worker, title__contains="declined").exists()
    assert not Service.objects.filter(referral=referral).exists()


def test_only_the_recipient_answers(shared, worker, ngo_worker, worker_elsewhere, supervisor):
    referral = refer(shared, worker, to_user=ngo_worker)
    for person in (worker, worker_elsewhere, supervisor):
        with pytest.raises(Forbidden):
            referrals.referral_accept(actor=person, referral=referral)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING


def test_the_referrer_answers_for_an_external_provider(shared, worker, ngo_worker, entries):
    referral = refer(shared, worker, service_type=st("health"), to_provider=entries["clinic"])
    with pytest.raises(Forbidden):
        referrals.referral_accept(actor=ngo_worker, referral=referral)
    referrals.referral_accept(actor=worker, referral=referral)
    assert Service.objects.get(referral=referral).provider == entries["clinic"]
    referrals.referral_complete(
        actor=worker,
        referral=referral,
        feedback="Clinic reports the wound healed",
        service_delivered=False,
    )
    assert Service.objects.get(referral=referral).status == Service.Status.PLANNED


def test_revoking_cancels_the_planned_service_and_tells_the_recipient(shared, worker, ngo_worker):
    referral = refer(shared, worker, to_user=ngo_worker)
    referrals.referral_accept(actor=ngo_worker, referral=referral)
    with pytest.raises(Forbidden):
        referrals.referral_revoke(actor=ngo_worker, referral=referral, reason="x")
    referrals.referral_revoke(actor=worker, referral=referral, reason="Family refused")
    service = Service.objects.get(referral=referral)
    assert service.status == Service.Status.CANCELLED
    assert "Family refused" in service.cancel_reason
    assert Notification.objects.filter(recipient=ngo_worker, title__contains="withdrawn").exists()


@pytest.mark.parametrize(
    "steps",
    [
        ["complete"],  # never completed without acceptance
        ["accept", "decline"],
        ["accept", "accept"],
        ["decline", "accept"],
        ["decline", "revoke"],
        ["accept", "complete", "revoke"],
        ["revoke", "complete"],
    ],
)
def test_answers_out_of_turn_are_refused(shared, worker, ngo_worker, steps):
    """All steps but the last are allowed; the last is refused and changes nothing."""
    referral = refer(shared, worker, to_user=ngo_worker)
    *allowed, refused = steps
    for step in allowed:
        STEPS[step](worker if step == "revoke" else ngo_worker, referral)
        referral.refresh_from_db()
    before = referral.status
    with pytest.raises(Refused):
        STEPS[refused](worker if refused == "revoke" else ngo_worker, referral)
    referral.refresh_from_db()
    assert referral.status == before


STEPS = {
    "accept": lambda actor, r: referrals.referral_accept(actor=actor, referral=r),
    "decline": lambda actor, r: referrals.referral_decline(actor=actor, referral=r, reason="Full"),
    "complete": lambda actor, r: referrals.referral_complete(
        actor=actor, referral=r, feedback="Done"
    ),
    "revoke": lambda actor, r: referrals.referral_revoke(actor=actor, referral=r, reason="Moved"),
}


# --- access opens and closes at once (B8) ----------------------------------------------


@pytest.mark.parametrize("ending", ["decline", "complete", "revoke"])
def test_the_recipient_sees_the_case_only_while_the_referral_is_active(
    shared, worker, ngo_worker, ending
):
    assert not sees(ngo_worker, shared)
    referral = refer(shared, worker, to_user=ngo_worker)
    assert sees(ngo_worker, shared)
    if ending == "decline":  # declining is an answer to a pending referral
        STEPS["decline"](ngo_worker, referral)
    else:
        referrals.referral_accept(actor=ngo_worker, referral=referral)
        assert sees(ngo_worker, shared)
        assert not policy.can(ngo_worker, "case.work", shared)  # read-only
        STEPS[ending](worker if ending == "revoke" else ngo_worker, referral)
    assert not sees(ngo_worker, shared)


def test_agency_responders_see_the_case_others_of_the_agency_do_not(
    shared, worker, agencies, places, ngo_worker
):
    clerk = make_user("ngoclerk", "data_clerk", agency=agencies["ngo"], areas=[places["south"]])
    referral = refer(shared, worker, to_agency=agencies["ngo"])
    assert sees(ngo_worker, shared)
    assert not sees(clerk, shared)  # no referral.respond
    referrals.referral_decline(actor=ngo_worker, referral=referral, reason="No capacity")
    assert not sees(ngo_worker, shared)


# --- random sequences never reach an invalid state ------------------------------------

ACTORS = ("recipient", "referrer", "outsider")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    hs.lists(
        hs.tuples(hs.sampled_from(sorted(STEPS)), hs.sampled_from(ACTORS)),
        min_size=1,
        max_size=6,
    )
)
def test_random_answers_keep_the_referral_valid(
    shared, worker, ngo_worker, worker_elsewhere, sequence
):
    people = {"recipient": ngo_worker, "referrer": worker, "outsider": worker_elsewhere}
    Referral.objects.filter(case=shared, status__in=Referral.ACTIVE).update(
        status=Referral.Status.REVOKED
    )  # each example starts afresh on the same case
    referral = refer(shared, worker, to_user=ngo_worker)
    seen = [referral.status]
    for step, who in sequence:
        with contextlib.suppress(Refused, Forbidden, ValidationError):
            STEPS[step](people[who], referral)
        referral.refresh_from_db()
        seen.append(referral.status)
        # Invariants after every step, whatever was attempted:
        S = Referral.Status
        if referral.status == S.COMPLETED:
            assert S.ACCEPTED in seen and referral.feedback and referral.completed_at
            assert referral.responded_by_id == ngo_worker.pk
        if referral.status == S.DECLINED:
            assert referral.decline_reason and S.ACCEPTED not in seen
        if referral.status == S.REVOKED:
            assert referral.revoked_reason
        if referral.status == S.ACCEPTED:
            assert referral.responded_by_id == ngo_worker.pk
        assert sees(ngo_worker, shared) == (referral.status in Referral.ACTIVE)
        # Once finished, a referral never changes again.
        finished = [s for s in seen if s not in Referral.ACTIVE]
        if finished:
            assert referral.status == finished[0]
    services = Service.objects.filter(referral=referral)
    assert services.count() == (0 if seen.count(Referral.Status.ACCEPTED) == 0 else 1)
