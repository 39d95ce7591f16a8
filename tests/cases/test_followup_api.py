"""/api/v1 for follow-ups, notes, reviews, court and closure: the same rules,
refusals and masking as the pages."""

import datetime as dt

import pytest
from django.test import Client

from hearth.accounts import tokens
from hearth.cases.models import Case, CaseNote, Closure, FollowUp, LegalOrder, Referral
from hearth.core import clock
from tests.cases.case_states import put_in, referral

DAY = dt.timedelta(days=1)


@pytest.fixture
def api(db):
    """api(user, read_only=False) -> a client of its own sending that user's fresh token."""

    def as_user(user, *, read_only=False):
        _, raw = tokens.token_create(actor=user, name="tests", read_only=read_only)
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return as_user


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def today(days=0):
    return (clock.today() + dt.timedelta(days=days)).isoformat()


# --- follow-ups -----------------------------------------------------------------------


def test_schedule_and_record_a_visit(api, case, worker):
    put_in(case, Case.Status.PLAN_APPROVED)
    client = api(worker)
    response = post(client, f"/api/v1/cases/{case.pk}/follow-ups", {"due_on": today(2)})
    assert response.status_code == 201, response.json()
    visit = response.json()
    assert visit["kind"] == "home_visit" and visit["overdue"] is False

    response = post(client, f"/api/v1/follow-ups/{visit['id']}/done", {"done_on": today()})
    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"contact", "observations"}
    assert FollowUp.objects.get().done_on is None

    response = post(
        client,
        f"/api/v1/follow-ups/{visit['id']}/done",
        {"done_on": today(), "contact": "in_person", "observations": "Well", "version": 1},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["case_state"]["status"] == "in_implementation"
    listed = client.get(f"/api/v1/cases/{case.pk}/follow-ups").json()
    assert [v["done_on"] for v in listed] == [today()]


def test_reschedule_cancel_and_overdue(api, case, worker):
    client = api(worker)
    visit = post(client, f"/api/v1/cases/{case.pk}/follow-ups", {"due_on": today()}).json()
    response = post(
        client, f"/api/v1/follow-ups/{visit['id']}/reschedule", {"due_on": today(4), "reason": ""}
    )
    assert response.status_code == 422 and "reason" in response.json()["errors"]
    response = post(
        client,
        f"/api/v1/follow-ups/{visit['id']}/reschedule",
        {"due_on": today(4), "reason": "Family at a funeral", "version": 9},
    )
    assert response.status_code == 409  # stale version
    clock.freeze(clock.now() + 2 * DAY)
    try:
        overdue = client.get("/api/v1/follow-ups/overdue").json()
        assert overdue["total"] == 1 and overdue["items"][0]["case_number"] == case.number
    finally:
        clock.freeze(None)
    response = post(client, f"/api/v1/follow-ups/{visit['id']}/cancel", {"reason": "Moved away"})
    assert response.status_code == 200 and response.json()["cancelled"] is True
    assert (
        post(client, f"/api/v1/follow-ups/{visit['id']}/cancel", {"reason": "x"}).status_code == 404
    )


def test_refusals(api, case, worker, manager, worker_elsewhere):
    url = f"/api/v1/cases/{case.pk}/follow-ups"
    assert post(api(worker_elsewhere), url, {"due_on": today()}).status_code == 404
    assert post(api(manager), url, {"due_on": today()}).status_code == 403
    assert post(api(worker, read_only=True), url, {"due_on": today()}).status_code == 403
    put_in(case, Case.Status.CLOSED)
    response = post(api(worker), url, {"due_on": today()})
    assert response.status_code == 409
    assert response.json()["message"] == "The case is closed. Reopen it first."
    assert not FollowUp.objects.exists()


# --- notes ----------------------------------------------------------------------------


def test_notes_are_written_listed_and_masked(api, case, worker, supervisor, manager):
    url = f"/api/v1/cases/{case.pk}/notes"
    response = post(api(worker), url, {"text": "Mother was not at home."})
    assert response.status_code == 201 and response.json()["editable"] is True
    assert post(api(worker), url, {"text": "x", "kind": "supervision"}).status_code == 403
    response = post(api(supervisor), url, {"text": "Check the school.", "kind": "supervision"})
    assert response.status_code == 201
    listed = api(worker).get(url).json()
    assert listed["total"] == 2 and listed["items"][0]["text"] == "Check the school."
    masked = api(manager).get(url).json()["items"][0]
    assert masked["text"] is None and masked["masked"] == ["text"]
    assert api(worker).get(url + "?kind=supervision").json()["total"] == 1


def test_a_note_is_changed_only_on_its_day(api, case, worker):
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    try:
        created = post(api(worker), f"/api/v1/cases/{case.pk}/notes", {"text": "First"}).json()
        note_url = f"/api/v1/notes/{created['id']}"
        assert patch(api(worker), note_url, {"text": "First, corrected"}).status_code == 200
        clock.freeze(dt.datetime(2026, 3, 3, 10, 0))
        response = patch(api(worker), note_url, {"text": "Later"})
        assert response.status_code == 409 and "correction" in response.json()["message"]
        response = post(
            api(worker),
            f"/api/v1/cases/{case.pk}/notes",
            {"text": "Fix", "corrects": created["id"]},
        )
        assert response.json()["corrects"] == created["id"]
        assert post(api(worker), f"{note_url}/void", {"reason": ""}).status_code == 400
        assert post(api(worker), f"{note_url}/void", {"reason": "Wrong case"}).status_code == 200
    finally:
        clock.freeze(None)
    assert CaseNote.objects.filter(is_voided=False).count() == 1


# --- reviews --------------------------------------------------------------------------


def test_review_start_and_record(api, case, worker):
    put_in(case, Case.Status.IN_IMPLEMENTATION)
    client = api(worker)
    review = {
        "held_on": today(),
        "participants": "Worker, grandmother",
        "decisions": "Continue",
        "decision": "continue",
    }
    response = post(client, f"/api/v1/cases/{case.pk}/reviews", review)
    assert response.status_code == 409 and "Start the review" in response.json()["message"]
    started = post(client, f"/api/v1/cases/{case.pk}/review/start")
    assert started.status_code == 200 and started.json()["status"] == "under_review"
    response = post(client, f"/api/v1/cases/{case.pk}/reviews", review)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["case_state"]["status"] == "in_implementation"
    assert body["next_review_on"] == body["case_state"]["review_due_on"] == today(60)
    assert len(client.get(f"/api/v1/cases/{case.pk}/reviews").json()) == 1


# --- court ----------------------------------------------------------------------------


def test_court_involvement_hearings_and_orders(api, case, worker, manager):
    client = api(worker)
    response = post(
        client,
        f"/api/v1/cases/{case.pk}/court-involvements",
        {"kind": "court", "institution": "Children's Court", "file_number": "CC/1"},
    )
    assert response.status_code == 201, response.json()
    involvement = response.json()
    response = post(
        client,
        f"/api/v1/court-involvements/{involvement['id']}/hearings",
        {"held_on": today(), "outcome": "Adjourned", "next_hearing_on": today(14)},
    )
    assert response.status_code == 201
    response = post(
        client,
        f"/api/v1/cases/{case.pk}/legal-orders",
        {
            "kind": "care",
            "court": "Children's Court",
            "number": "CO-9",
            "issued_on": today(),
            "expires_on": today(20),
            "involvement": involvement["id"],
        },
    )
    assert response.status_code == 201, response.json()
    order = response.json()
    assert order["state"] == "expiring" and order["days_left"] == 20

    seen = api(manager).get(f"/api/v1/cases/{case.pk}/court").json()
    (found,) = seen["involvements"]
    assert found["file_number"] is None and found["next_hearing_on"] == today(14)
    assert found["hearings"][0]["outcome"] is None
    assert seen["orders"][0]["state"] == "expiring"

    url = f"/api/v1/court-involvements/{involvement['id']}"
    assert patch(client, url, {"file_number": "CC/2", "version": 1}).json()["file_number"] == "CC/2"
    assert patch(api(manager), url, {"officer": "X"}).status_code == 403
    response = post(client, f"{url}/void", {"reason": "Wrong child"})
    assert response.status_code == 409  # an order is linked
    response = patch(client, f"/api/v1/legal-orders/{order['id']}", {"involvement": None})
    assert response.json()["involvement"] is None
    assert post(client, f"{url}/void", {"reason": "Wrong child"}).status_code == 200
    assert client.get("/api/v1/legal-orders/expiring").json()["total"] == 1
    assert LegalOrder.objects.get().involvement is None


# --- closure --------------------------------------------------------------------------


CLOSING = {
    "reason": "goals_met",
    "goals_met": "yes",
    "care_type_at_closure": "parental",
    "summary": "Safe at home.",
}


def test_closure_is_refused_while_a_referral_is_active(api, case, worker, worker_elsewhere):
    referral(case, worker, worker_elsewhere, status=Referral.Status.PENDING)
    response = post(
        api(worker), f"/api/v1/cases/{case.pk}/closure", {**CLOSING, "closure_date": today()}
    )
    assert response.status_code == 409
    assert response.json()["message"].startswith("1 referral(s) are still pending")
    assert not Closure.objects.exists()


def test_closure_approval_and_reopening(api, case, worker, supervisor):
    client = api(worker)
    response = post(
        client,
        f"/api/v1/cases/{case.pk}/closure",
        {**CLOSING, "care_type_at_closure": "spaceship", "closure_date": today()},
    )
    assert response.status_code == 422 and "care_type_at_closure" in response.json()["errors"]
    response = post(
        client, f"/api/v1/cases/{case.pk}/closure", {**CLOSING, "closure_date": today()}
    )
    assert response.status_code == 201
    closing = response.json()
    assert closing["status"] == "requested" and closing["approval"]["decision"] == "pending"
    decision = f"/api/v1/closures/{closing['id']}/decision"
    assert post(client, decision, {"approve": True}).status_code == 403
    response = post(api(supervisor), decision, {"approve": True})
    assert response.status_code == 200, response.json()
    assert response.json()["case_state"]["status"] == "closed"
    assert post(api(supervisor), decision, {"approve": True}).status_code == 409

    client = api(worker)
    assert post(client, f"/api/v1/cases/{case.pk}/reopen", {"reason": ""}).status_code == 422
    response = post(client, f"/api/v1/cases/{case.pk}/reopen", {"reason": "New report"})
    assert response.status_code == 200
    assert response.json()["case_state"] == {
        **response.json()["case_state"],
        "status": "under_review",
        "closed_on": None,
    }
    assert [c["status"] for c in client.get(f"/api/v1/cases/{case.pk}/closures").json()] == [
        "approved"
    ]
