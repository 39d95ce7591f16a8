"""Transfers and reassignment through the pages and the API."""

import pytest

from hearth.accounts.models import Role
from hearth.cases.models import Case, Transfer
from hearth.cases.services import transfer as transfers
from tests.cases.delivery_world import api, consent_to_share, ngo_supervisor, post
from tests.conftest import make_user


@pytest.fixture
def north_colleague(agencies, places):
    return make_user(
        "colleague",
        "caseworker",
        agency=agencies["gov"],
        team=agencies["north_team"],
        areas=[places["north"]],
    )


def owner(case):
    return Case.objects.get(pk=case.pk).owner


def test_request_accept_on_the_pages(signed_in, case, worker, worker_elsewhere):
    client = signed_in(worker)
    form = client.get(f"/cases/{case.pk}/transfers/new/")
    assert form.status_code == 200 and "Elsewhere" in form.content.decode()
    response = client.post(
        f"/cases/{case.pk}/transfers/new/",
        {"recipient": f"user:{worker_elsewhere.pk}", "reason": "Moved to Hilltop"},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/transfers/{transfer.pk}/cancel/" in page
    assert f"/cases/{case.pk}/transfers/new/" not in page  # one at a time
    recipient = signed_in(worker_elsewhere)
    incoming = recipient.get("/cases/transfers/incoming/").content.decode()
    assert f"/cases/transfers/{transfer.pk}/accept/" in incoming
    assert recipient.get(f"/cases/{case.pk}/").status_code == 200
    response = recipient.post(f"/cases/transfers/{transfer.pk}/accept/", {})
    assert response.status_code == 302
    assert owner(case) == worker_elsewhere


def test_decline_on_the_page_needs_a_reason_and_ends_the_view(
    signed_in, case, worker, worker_elsewhere
):
    transfer = transfers.transfer_request(
        actor=worker, case=case, to_user=worker_elsewhere, reason="Moved"
    )
    client = signed_in(worker_elsewhere)
    assert (
        client.post(f"/cases/transfers/{transfer.pk}/decline/", {"reason": ""}).status_code == 200
    )
    response = client.post(f"/cases/transfers/{transfer.pk}/decline/", {"reason": "Too far"})
    assert response.status_code == 302 and response.url == "/cases/transfers/incoming/"
    assert owner(case) == worker
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_transfer_to_another_agency_without_consent_is_refused_on_the_page(
    signed_in, case, worker, ngo_worker
):
    url = f"/cases/{case.pk}/transfers/new/"
    client = signed_in(worker)
    assert "no consent to share" in client.get(url).content.decode()
    refused = client.post(url, {"recipient": f"user:{ngo_worker.pk}", "reason": "Moved"})
    assert refused.status_code == 200 and "no consent" in refused.content.decode()
    assert not Transfer.objects.exists()


def test_agency_supervisor_names_the_worker_on_the_page(
    signed_in, case, worker, ngo_worker, agencies, places
):
    boss = ngo_supervisor(agencies, places)
    consent_to_share(worker, case)
    transfer = transfers.transfer_request(
        actor=worker, case=case, to_agency=agencies["ngo"], reason="Moved south"
    )
    client = signed_in(boss)
    form = client.get(f"/cases/transfers/{transfer.pk}/accept/").content.decode()
    assert "Ngoworker" in form
    client.post(f"/cases/transfers/{transfer.pk}/accept/", {"new_owner": ngo_worker.pk})
    assert owner(case) == ngo_worker


def test_cancel_on_the_page(signed_in, case, worker, worker_elsewhere):
    transfer = transfers.transfer_request(
        actor=worker, case=case, to_user=worker_elsewhere, reason="Moved"
    )
    response = signed_in(worker).post(f"/cases/transfers/{transfer.pk}/cancel/", {})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.CANCELLED


def test_reassign_page_is_for_supervisors(signed_in, case, worker, supervisor, north_colleague):
    assert signed_in(worker).get(f"/cases/{case.pk}/reassign/").status_code == 403
    assert (
        f"/cases/{case.pk}/reassign/"
        not in signed_in(worker).get(f"/cases/{case.pk}/").content.decode()
    )
    client = signed_in(supervisor)
    assert f"/cases/{case.pk}/reassign/" in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(
        f"/cases/{case.pk}/reassign/", {"new_owner": north_colleague.pk, "reason": "Leave"}
    )
    assert response.status_code == 302
    assert owner(case) == north_colleague


# --- API ----------------------------------------------------------------------------


def test_api_request_accept_and_incoming(client, case, worker, worker_elsewhere, agencies):
    created = post(
        api(client, worker),
        f"/api/v1/cases/{case.pk}/transfers",
        {"to_user": str(worker_elsewhere.pk), "reason": "Moved"},
    )
    assert created.status_code == 201, created.json()
    transfer = created.json()
    assert transfer["status"] == "pending" and transfer["from_user"] == str(worker.pk)
    recipient = api(client, worker_elsewhere)
    incoming = recipient.get("/api/v1/transfers/incoming").json()
    assert [t["id"] for t in incoming["items"]] == [transfer["id"]]
    accepted = post(recipient, f"/api/v1/transfers/{transfer['id']}/accept", {})
    assert accepted.status_code == 200 and accepted.json()["new_owner"] == str(worker_elsewhere.pk)
    body = recipient.get(f"/api/v1/cases/{case.pk}").json()
    assert body["owner"] == str(worker_elsewhere.pk) and body["team"] == str(
        agencies["south_team"].pk
    )


def test_api_decline_and_cancel_leave_ownership(client, case, worker, worker_elsewhere):
    first = transfers.transfer_request(
        actor=worker, case=case, to_user=worker_elsewhere, reason="Moved"
    )
    no_reason = post(api(client, worker_elsewhere), f"/api/v1/transfers/{first.pk}/decline", {})
    assert no_reason.status_code == 422
    declined = post(client, f"/api/v1/transfers/{first.pk}/decline", {"reason": "Too far"})
    assert declined.status_code == 200
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    second = transfers.transfer_request(
        actor=worker, case=case, to_user=worker_elsewhere, reason="Moved"
    )
    stranger = post(api(client, worker_elsewhere), f"/api/v1/transfers/{second.pk}/cancel", {})
    assert stranger.status_code == 403
    cancelled = post(api(client, worker), f"/api/v1/transfers/{second.pk}/cancel", {})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert owner(case) == worker


def test_api_keeps_the_consent_gate_and_the_caseload(
    client, make_case, case, worker, worker_elsewhere, ngo_worker
):
    refused = post(
        api(client, worker),
        f"/api/v1/cases/{case.pk}/transfers",
        {"to_user": str(ngo_worker.pk), "reason": "Moved"},
    )
    assert refused.status_code == 409 and "consent" in refused.json()["message"]
    assert not Transfer.objects.exists()
    role = Role.objects.get(code="caseworker")
    role.caseload_max = 1
    role.save()
    make_case(worker_elsewhere)
    transfer = transfers.transfer_request(
        actor=worker, case=case, to_user=worker_elsewhere, reason="Moved"
    )
    full = post(
        api(client, worker_elsewhere),
        f"/api/v1/transfers/{transfer.pk}/accept",
        {"caseload_override": "I can"},
    )
    assert full.status_code == 409 and "maximum" in full.json()["message"]
    assert owner(case) == worker


def test_api_reassign(client, case, worker, supervisor, north_colleague):
    body = {"new_owner": str(north_colleague.pk), "reason": "Leave"}
    assert post(api(client, worker), f"/api/v1/cases/{case.pk}/reassign", body).status_code == 403
    response = post(api(client, supervisor), f"/api/v1/cases/{case.pk}/reassign", body)
    assert response.status_code == 200, response.json()
    assert response.json()["owner"] == str(north_colleague.pk)
    assert owner(case) == north_colleague
