"""Asking for access to a case found in the limited search (A7): the owner or a
supervisor grants read-only access for a while, or refuses; either can end it at
once (B8). Every step is audited and the people concerned are told."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.access import policy
from hearth.accounts import tokens
from hearth.audit.models import AuditEvent
from hearth.cases import queries
from hearth.cases.models import AccessGrant
from hearth.cases.services import access_requests
from hearth.core import clock
from hearth.core.errors import Forbidden, NotFound, Refused
from hearth.notify.models import Notification
from tests.conftest import make_user

REASON = "The child was seen begging at the South market; we may know the family."
START = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _stand_still():
    clock.freeze(START)
    yield
    clock.freeze(None)


@pytest.fixture
def asked(case, worker_elsewhere, supervisor):
    return access_requests.access_request(actor=worker_elsewhere, case=case, reason=REASON)


def test_a_request_opens_nothing_and_tells_the_owner_and_supervisors(
    asked, case, worker_elsewhere, worker, supervisor
):
    assert asked.status == AccessGrant.Status.PENDING
    with pytest.raises(NotFound):
        queries.case_for(worker_elsewhere, case.pk)
    told = Notification.objects.filter(kind="access_request", case_id=case.pk)
    assert {n.recipient for n in told} == {worker, supervisor}
    event = AuditEvent.objects.get(action="case.access_request")
    assert event.case_id == case.pk and event.actor_id == worker_elsewhere.pk


def test_a_request_needs_a_reason_and_is_made_once(case, worker_elsewhere, asked):
    with pytest.raises(Refused):
        access_requests.access_request(actor=worker_elsewhere, case=case, reason=REASON)
    with pytest.raises(ValidationError):
        access_requests.access_request(actor=worker_elsewhere, case=case, reason="please")


def test_no_request_for_a_case_you_can_open(case, supervisor):
    with pytest.raises(Refused):
        access_requests.access_request(actor=supervisor, case=case, reason=REASON)


def test_the_owner_grants_read_only_access_for_some_days(asked, case, worker, worker_elsewhere):
    access_requests.access_request_decide(actor=worker, grant=asked, approve=True, days=7)
    asked.refresh_from_db()
    assert asked.status == "granted" and asked.expires_at == START + dt.timedelta(days=7)
    assert queries.case_for(worker_elsewhere, case.pk) == case
    assert not policy.can(worker_elsewhere, "case.work", case)
    assert Notification.objects.filter(recipient=worker_elsewhere, kind="access_decided").exists()
    assert AuditEvent.objects.filter(action="case.access_grant", detail__days=7).exists()

    clock.freeze(START + dt.timedelta(days=7, seconds=1))
    with pytest.raises(NotFound):
        queries.case_for(worker_elsewhere, case.pk)


def test_the_default_length_is_configured(asked, supervisor):
    access_requests.access_request_decide(actor=supervisor, grant=asked, approve=True)
    assert asked.expires_at == START + dt.timedelta(days=30)


def test_refusing_needs_a_reason_and_tells_the_person(asked, worker, worker_elsewhere, case):
    with pytest.raises(ValidationError):
        access_requests.access_request_decide(actor=worker, grant=asked, approve=False)
    access_requests.access_request_decide(
        actor=worker, grant=asked, approve=False, comment="The case is being transferred."
    )
    assert asked.status == "refused"
    with pytest.raises(NotFound):
        queries.case_for(worker_elsewhere, case.pk)
    note = Notification.objects.get(recipient=worker_elsewhere, kind="access_decided")
    assert note.body == "The case is being transferred."
    assert note.link == "/cases/access/"  # not the case, which stays closed to them
    with pytest.raises(Refused):
        access_requests.access_request_decide(actor=worker, grant=asked, approve=True)


def test_only_the_owner_or_a_supervisor_decides(asked, worker_elsewhere, ngo_worker, manager):
    for outsider in (worker_elsewhere, ngo_worker, manager):
        with pytest.raises(Forbidden):
            access_requests.access_request_decide(actor=outsider, grant=asked, approve=True)
    assert AccessGrant.objects.get().status == "pending"


def test_ending_a_grant_removes_access_at_once(asked, case, worker, supervisor, worker_elsewhere):
    access_requests.access_request_decide(actor=worker, grant=asked, approve=True)
    with pytest.raises(Forbidden):
        access_requests.access_grant_end(actor=worker_elsewhere.__class__(), grant=asked)
    access_requests.access_grant_end(actor=supervisor, grant=asked, reason="No longer needed.")
    with pytest.raises(NotFound):
        queries.case_for(worker_elsewhere, case.pk)
    with pytest.raises(Refused):
        access_requests.access_grant_end(actor=supervisor, grant=asked, reason="Again")


def test_the_holder_may_end_their_own_access(asked, worker, worker_elsewhere, case):
    access_requests.access_request_decide(actor=worker, grant=asked, approve=True)
    access_requests.access_grant_end(actor=worker_elsewhere, grant=asked)
    assert not queries.visible_cases(worker_elsewhere).filter(pk=case.pk).exists()


def test_withdrawing(asked, worker, worker_elsewhere):
    with pytest.raises(NotFound):
        access_requests.access_request_withdraw(actor=worker, grant=asked)
    access_requests.access_request_withdraw(actor=worker_elsewhere, grant=asked)
    assert asked.status == "withdrawn"


def test_grants_are_found_only_by_those_concerned(asked, worker, worker_elsewhere, ngo_worker):
    assert access_requests.grant_for(worker, asked.pk) == asked
    assert access_requests.grant_for(worker_elsewhere, asked.pk) == asked
    with pytest.raises(NotFound):
        access_requests.grant_for(ngo_worker, asked.pk)
    assert access_requests.requests_to_decide(worker) == [asked]
    assert access_requests.requests_to_decide(ngo_worker) == []


def test_supervisor_of_the_agency_decides_when_the_team_has_none(
    make_case, places, agencies, worker_elsewhere, supervisor
):
    lone = make_user("lone", "caseworker", agency=agencies["gov"], areas=[places["north"]])
    case = make_case(lone)  # no team
    grant = access_requests.access_request(actor=worker_elsewhere, case=case, reason=REASON)
    assert access_requests.may_decide(supervisor, case)
    assert access_requests.requests_to_decide(supervisor) == [grant]


def test_pages(case, worker, worker_elsewhere, signed_in):
    asker = signed_in(worker_elsewhere)
    url = f"/cases/search/{case.pk}/request/"
    form = asker.get(url)
    assert form.status_code == 200 and case.number in form.content.decode()
    assert asker.post(url, {"reason": "x"}).status_code == 200  # too short: the form again
    sent = asker.post(url, {"reason": REASON})
    assert sent.status_code == 302 and sent.url == "/cases/access/"
    grant = AccessGrant.objects.get()
    mine = asker.get("/cases/access/").content.decode()
    assert case.number in mine and "Waiting for a decision" in mine

    owner = signed_in(worker)
    inbox = owner.get("/cases/access/").content.decode()
    assert REASON in inbox and f"/cases/access/{grant.pk}/decide/" in inbox
    case_page = owner.get(f"/cases/{case.pk}/").content.decode()
    assert REASON in case_page
    decided = owner.post(
        f"/cases/access/{grant.pk}/decide/", {"decision": "grant", "days": 3, "from_case": "True"}
    )
    assert decided.status_code == 302 and decided.url == f"/cases/{case.pk}/"

    asker = signed_in(worker_elsewhere)
    assert asker.get(f"/cases/{case.pk}/").status_code == 200
    assert f'href="/cases/{case.pk}/"' in asker.get("/cases/access/").content.decode()
    # The grant holder cannot decide or change anything on the case.
    assert asker.post(f"/cases/{case.pk}/edit/", {}).status_code == 403


def test_refusing_on_the_page_needs_a_comment(asked, worker, signed_in):
    owner = signed_in(worker)
    page = owner.post(f"/cases/access/{asked.pk}/decide/", {"decision": "refuse"})
    assert page.status_code == 200 and "Say why access is refused." in page.content.decode()
    asked.refresh_from_db()
    assert asked.status == "pending"


def test_api_flow(case, worker, worker_elsewhere, client):
    def as_user(user):
        _, raw = tokens.token_create(actor=user, name="tests")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    asker, owner = as_user(worker_elsewhere), as_user(worker)
    made = client.post(
        f"/api/v1/case-search/{case.pk}/access-requests",
        {"reason": REASON},
        content_type="application/json",
        **asker,
    )
    assert made.status_code == 201
    grant_id = made.json()["id"]
    listed = client.get("/api/v1/access-requests", **owner).json()
    assert [g["id"] for g in listed["to_decide"]] == [grant_id]
    refused = client.post(
        f"/api/v1/access-requests/{grant_id}/decision",
        {"grant": True},
        content_type="application/json",
        **asker,
    )
    assert refused.status_code == 403
    granted = client.post(
        f"/api/v1/access-requests/{grant_id}/decision",
        {"grant": True, "days": 2},
        content_type="application/json",
        **owner,
    )
    assert granted.status_code == 200 and granted.json()["active"] is True
    assert client.get(f"/api/v1/cases/{case.pk}", **asker).status_code == 200
    ended = client.post(
        f"/api/v1/access-requests/{grant_id}/end",
        {"reason": "Done"},
        content_type="application/json",
        **owner,
    )
    assert ended.status_code == 200
    assert client.get(f"/api/v1/cases/{case.pk}", **asker).status_code == 404
