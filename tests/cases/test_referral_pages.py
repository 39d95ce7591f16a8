"""Referrals through the pages and the API: the same rules, and the recipient's
access ending at once (B8), checked as the recipient would meet it (a 404)."""

import datetime as dt

import pytest

from hearth.cases.models import Referral, Service, ServiceType
from hearth.cases.services import referral as referrals
from hearth.core import clock
from tests.cases.delivery_world import api, build_directory, consent_to_share, post


@pytest.fixture
def entries(administrator, agencies, places):
    return build_directory(administrator, agencies, places)


@pytest.fixture
def shared(case, worker, entries):
    consent_to_share(worker, case)
    return case


def refer(case, actor, **kwargs):
    values = {
        "service_type": ServiceType.objects.get(code="mental_health"),
        "reason": "Nightmares since the fire",
    }
    values.update(kwargs)
    return referrals.referral_create(actor=actor, case=case, **values)


# --- pages --------------------------------------------------------------------------


def test_the_referral_form_offers_who_provides_the_service_in_the_area(
    signed_in, shared, worker, ngo_worker
):
    client = signed_in(worker)
    first = client.get(f"/cases/{shared.pk}/referrals/new/")
    assert first.status_code == 200
    assert 'name="service_type"' in first.content.decode()
    assert 'name="recipient"' not in first.content.decode()
    second = client.get(f"/cases/{shared.pk}/referrals/new/", {"service_type": "health"})
    html = second.content.decode()
    assert "Lakeside Clinic" in html and "Hill Clinic" not in html
    mental = client.get(f"/cases/{shared.pk}/referrals/new/", {"service_type": "mental_health"})
    html = mental.content.decode()
    assert "Children First" in html and "Ngoworker" in html and "Lakeside Clinic" in html
    assert "There is no consent to share" not in html


def test_refer_through_the_page(signed_in, shared, worker, ngo_worker):
    response = signed_in(worker).post(
        f"/cases/{shared.pk}/referrals/new/?service_type=mental_health",
        {"recipient": f"user:{ngo_worker.pk}", "reason": "Needs counselling"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.to_user == ngo_worker and referral.reason == "Needs counselling"


def test_without_consent_the_page_says_so_and_refers_nothing(
    signed_in, case, worker, supervisor, entries, ngo_worker
):
    url = f"/cases/{case.pk}/referrals/new/?service_type=mental_health"
    client = signed_in(worker)
    assert "There is no consent to share" in client.get(url).content.decode()
    body = {
        "recipient": f"user:{ngo_worker.pk}",
        "reason": "Needs counselling",
        "consent_override_reason": "Urgent",
    }
    refused = client.post(url, body)
    assert refused.status_code == 200
    assert "Only a supervisor may act without consent" in refused.content.decode()
    assert not Referral.objects.exists()
    assert signed_in(supervisor).post(url, body).status_code == 302
    assert Referral.objects.get().consent_override_reason == "Urgent"


def test_incoming_page_lists_referrals_to_me_and_my_agency_with_overdue(
    signed_in, shared, worker, ngo_worker, agencies, entries
):
    mine = refer(shared, worker, to_user=ngo_worker)
    theirs = refer(
        shared,
        worker,
        service_type=ServiceType.objects.get(code="education"),
        to_agency=agencies["ngo"],
        urgent=True,
    )
    refer(
        shared,
        worker,
        service_type=ServiceType.objects.get(code="health"),
        to_provider=entries["clinic"],
    )
    clock.freeze(clock.now() + dt.timedelta(days=3))
    try:
        html = signed_in(ngo_worker).get("/cases/referrals/incoming/").content.decode()
    finally:
        clock.freeze(None)
    assert f"/cases/referrals/{mine.pk}/accept/" in html
    assert f"/cases/referrals/{theirs.pk}/accept/" in html
    assert "Lakeside Clinic" not in html  # not theirs
    assert html.count('badge overdue">overdue') == 1  # the urgent one: 2 days
    assert 'href="/cases/referrals/incoming/"' in html  # in the menu


def test_declining_on_the_page_closes_the_case_at_once(signed_in, shared, worker, ngo_worker):
    referral = refer(shared, worker, to_user=ngo_worker)
    client = signed_in(ngo_worker)
    case_page = client.get(f"/cases/{shared.pk}/")
    assert case_page.status_code == 200
    html = case_page.content.decode()
    assert f"/cases/referrals/{referral.pk}/decline/" in html
    assert f"/cases/{shared.pk}/services/new/" not in html  # read-only
    assert f"/cases/{shared.pk}/referrals/new/" not in html
    empty = client.post(f"/cases/referrals/{referral.pk}/decline/", {"reason": ""})
    assert empty.status_code == 200
    response = client.post(f"/cases/referrals/{referral.pk}/decline/", {"reason": "No capacity"})
    assert response.status_code == 302 and response.url == "/cases/referrals/incoming/"
    assert client.get(f"/cases/{shared.pk}/").status_code == 404
    assert client.get(f"/cases/referrals/{referral.pk}/accept/").status_code == 404


def test_revoking_on_the_page_closes_the_case_at_once(
    signed_in, client, shared, worker, ngo_worker
):
    referral = refer(shared, worker, to_user=ngo_worker)
    referrals.referral_accept(actor=ngo_worker, referral=referral)
    assert signed_in(ngo_worker).get(f"/cases/{shared.pk}/").status_code == 200
    response = signed_in(worker).post(
        f"/cases/referrals/{referral.pk}/revoke/", {"reason": "The family withdrew"}
    )
    assert response.status_code == 302
    assert signed_in(ngo_worker).get(f"/cases/{shared.pk}/").status_code == 404


def test_accept_and_complete_on_the_pages_then_the_referrer_reads_the_feedback(
    signed_in, shared, worker, ngo_worker
):
    referral = refer(shared, worker, to_user=ngo_worker)
    client = signed_in(ngo_worker)
    response = client.post(f"/cases/referrals/{referral.pk}/accept/", {"service_due_on": ""})
    assert response.status_code == 302 and response.url.startswith(f"/cases/{shared.pk}/")
    assert Service.objects.filter(referral=referral).exists()
    refused = client.post(f"/cases/referrals/{referral.pk}/complete/", {"feedback": " "})
    assert refused.status_code == 200
    client.post(
        f"/cases/referrals/{referral.pk}/complete/",
        {"feedback": "Attended all sessions", "service_delivered": "on"},
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    html = signed_in(worker).get(f"/cases/{shared.pk}/").content.decode()
    assert "Attended all sessions" in html and "Completed" in html


def test_the_referrer_records_an_external_providers_answer_on_the_page(
    signed_in, shared, worker, entries
):
    referral = refer(
        shared,
        worker,
        service_type=ServiceType.objects.get(code="health"),
        to_provider=entries["clinic"],
    )
    client = signed_in(worker)
    assert (
        f"/cases/referrals/{referral.pk}/accept/"
        in client.get(f"/cases/{shared.pk}/").content.decode()
    )
    client.post(f"/cases/referrals/{referral.pk}/accept/", {})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED and referral.responded_by == worker


# --- API ----------------------------------------------------------------------------


def test_api_refer_answers_and_closes_access(client, shared, worker, ngo_worker):
    body = {
        "service_type": "mental_health",
        "to_user": str(ngo_worker.pk),
        "reason": "Needs counselling",
    }
    created = post(api(client, worker), f"/api/v1/cases/{shared.pk}/referrals", body)
    assert created.status_code == 201, created.json()
    referral = created.json()
    assert referral["status"] == "pending" and referral["respond_by"]
    recipient = api(client, ngo_worker)
    incoming = recipient.get("/api/v1/referrals/incoming").json()
    assert [r["id"] for r in incoming["items"]] == [referral["id"]]
    assert recipient.get(f"/api/v1/cases/{shared.pk}").status_code == 200
    accepted = post(recipient, f"/api/v1/referrals/{referral['id']}/accept", {})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    early = post(recipient, f"/api/v1/referrals/{referral['id']}/decline", {"reason": "x"})
    assert early.status_code == 409
    done = post(recipient, f"/api/v1/referrals/{referral['id']}/complete", {"feedback": "All done"})
    assert done.status_code == 200
    assert recipient.get(f"/api/v1/cases/{shared.pk}").status_code == 404
    assert recipient.get("/api/v1/referrals/incoming").json()["total"] == 0
    again = post(recipient, f"/api/v1/referrals/{referral['id']}/complete", {"feedback": "x"})
    assert again.status_code == 404
    listed = api(client, worker).get(f"/api/v1/cases/{shared.pk}/referrals").json()
    assert listed[0]["status"] == "completed" and listed[0]["feedback"] == "All done"


@pytest.mark.parametrize("ending", ["decline", "revoke"])
def test_api_access_ends_on_decline_and_revoke(client, shared, worker, ngo_worker, ending):
    referral = refer(shared, worker, to_user=ngo_worker)
    assert api(client, ngo_worker).get(f"/api/v1/cases/{shared.pk}").status_code == 200
    actor = ngo_worker if ending == "decline" else worker
    response = post(
        api(client, actor), f"/api/v1/referrals/{referral.pk}/{ending}", {"reason": "Because"}
    )
    assert response.status_code == 200, response.json()
    assert api(client, ngo_worker).get(f"/api/v1/cases/{shared.pk}").status_code == 404


def test_api_keeps_the_consent_gate(client, case, worker, supervisor, entries, ngo_worker):
    body = {
        "service_type": "mental_health",
        "to_user": str(ngo_worker.pk),
        "reason": "Needs counselling",
    }
    refused = post(api(client, worker), f"/api/v1/cases/{case.pk}/referrals", body)
    assert refused.status_code == 409 and "consent" in refused.json()["message"]
    body["consent_override_reason"] = "Child in danger"
    by_worker = post(api(client, worker), f"/api/v1/cases/{case.pk}/referrals", body)
    assert by_worker.status_code == 409
    assert not Referral.objects.exists()
    by_supervisor = post(api(client, supervisor), f"/api/v1/cases/{case.pk}/referrals", body)
    assert by_supervisor.status_code == 201
    assert by_supervisor.json()["consent_override"] is True


def test_api_keeps_the_directory_filter_and_the_answerer_rule(
    client, shared, worker, worker_elsewhere, entries, ngo_worker
):
    far = post(
        api(client, worker),
        f"/api/v1/cases/{shared.pk}/referrals",
        {"service_type": "health", "to_provider": str(entries["far"].pk), "reason": "x"},
    )
    assert far.status_code == 422 and "recipient" in far.json()["errors"]
    referral = refer(shared, worker, to_user=ngo_worker)
    stranger = post(api(client, worker_elsewhere), f"/api/v1/referrals/{referral.pk}/accept", {})
    assert stranger.status_code == 404
    referrer = post(api(client, worker), f"/api/v1/referrals/{referral.pk}/accept", {})
    assert referrer.status_code == 403
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
