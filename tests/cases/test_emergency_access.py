"""Emergency access (B4, "break glass"): a supervisor opens a case outside their
team by saying why; read only, for a few hours, audited, and the case's team is
told and sees it on the case page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.access import policy
from hearth.accounts import tokens
from hearth.audit.models import AuditEvent
from hearth.cases import queries
from hearth.cases.emergency import emergency_access_open
from hearth.cases.models import AccessGrant
from hearth.cases.services import access_requests, registration
from hearth.core import clock
from hearth.core.errors import Forbidden, NotFound, Refused
from hearth.core.models import Setting
from hearth.notify.models import Notification
from tests.conftest import make_user

REASON = "Police brought the child to our office at night; the family asks for help."
START = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _stand_still():
    clock.freeze(START)
    yield
    clock.freeze(None)


@pytest.fixture
def api(client):
    def as_user(user):
        _, raw = tokens.token_create(actor=user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_user


@pytest.fixture
def south_supervisor(agencies, places):
    return make_user(
        "southsup",
        "supervisor",
        agency=agencies["gov"],
        team=agencies["south_team"],
        areas=[places["south"]],
    )


@pytest.fixture
def south_case(make_case, worker_elsewhere, places, south_supervisor):
    return make_case(
        worker_elsewhere,
        location=places["south_village"],
        summary="Bruises seen by a teacher; father drinks.",
        registration_date=clock.today(),
    )


def test_out_of_scope_case_is_not_found_before(south_case, supervisor):
    with pytest.raises(NotFound):
        queries.case_for(supervisor, south_case.pk)


def test_opening_needs_the_permission(south_case, worker):
    with pytest.raises(Forbidden):
        emergency_access_open(actor=worker, case=south_case, reason=REASON)
    assert not AccessGrant.objects.exists()


def test_opening_needs_a_reason(south_case, supervisor):
    for reason in ("", "   ", "urgent"):
        with pytest.raises(ValidationError) as error:
            emergency_access_open(actor=supervisor, case=south_case, reason=reason)
        assert "reason" in error.value.message_dict
    assert not AccessGrant.objects.exists()


def test_a_case_already_open_to_you_needs_no_emergency(case, supervisor):
    with pytest.raises(Refused):
        emergency_access_open(actor=supervisor, case=case, reason=REASON)


def test_grant_opens_the_case_for_reading_only_until_it_expires(south_case, supervisor):
    grant = emergency_access_open(actor=supervisor, case=south_case, reason=REASON)
    assert grant.expires_at == START + dt.timedelta(hours=4)
    assert queries.case_for(supervisor, south_case.pk) == south_case
    assert policy.can(supervisor, "care.view", south_case)
    for action in ("case.work", "case.refer", "case.close", "case.approve", "case.reassign"):
        assert not policy.can(supervisor, action, south_case), action
    with pytest.raises(Forbidden):
        registration.risk_change(
            actor=supervisor, case=south_case, risk_level="high", reason="Escalating"
        )

    clock.freeze(START + dt.timedelta(hours=3, minutes=59))
    assert queries.case_for(supervisor, south_case.pk) == south_case
    clock.freeze(START + dt.timedelta(hours=4))
    with pytest.raises(NotFound):
        queries.case_for(supervisor, south_case.pk)
    assert south_case not in queries.case_list(supervisor, scope="all")


def test_configured_hours(south_case, supervisor):
    Setting.objects.create(key="access.emergency_hours", value=1)
    grant = emergency_access_open(actor=supervisor, case=south_case, reason=REASON)
    assert grant.expires_at == START + dt.timedelta(hours=1)


def test_grant_and_every_read_are_audited(south_case, supervisor):
    grant = emergency_access_open(actor=supervisor, case=south_case, reason=REASON)
    opened = AuditEvent.objects.get(action="case.emergency_access")
    assert opened.case_id == south_case.pk and opened.actor_id == supervisor.pk
    assert opened.detail["hours"] == 4
    for _ in range(2):
        registration.record_read(actor=supervisor, case=south_case)
    reads = AuditEvent.objects.filter(action="case.read", actor_id=supervisor.pk)
    assert reads.count() == 2
    assert all(e.detail["emergency_access"] == str(grant.pk)[:8] for e in reads)


def test_the_case_team_is_told(south_case, supervisor, worker_elsewhere, south_supervisor):
    emergency_access_open(actor=supervisor, case=south_case, reason=REASON)
    told = Notification.objects.filter(kind="emergency_access", case_id=south_case.pk)
    assert {n.recipient for n in told} == {worker_elsewhere, south_supervisor}
    assert all(n.body == REASON for n in told)


def test_ending_early_closes_the_case_at_once(south_case, supervisor, worker_elsewhere):
    grant = emergency_access_open(actor=supervisor, case=south_case, reason=REASON)
    with pytest.raises(ValidationError):
        access_requests.access_grant_end(actor=worker_elsewhere, grant=grant, reason="")
    access_requests.access_grant_end(
        actor=worker_elsewhere, grant=grant, reason="We are handling it now."
    )
    with pytest.raises(NotFound):
        queries.case_for(supervisor, south_case.pk)
    assert AuditEvent.objects.filter(action="case.access_end").exists()


def test_pages(south_case, supervisor, worker_elsewhere, signed_in):
    client = signed_in(supervisor)
    assert client.get(f"/cases/{south_case.pk}/").status_code == 404
    url = f"/cases/search/{south_case.pk}/emergency/"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert south_case.number in text and "Amina Okello" in text
    assert "Bruises" not in text and f'href="/cases/{south_case.pk}/"' not in text

    refused = client.post(url, {"reason": REASON})  # without ticking "I understand"
    assert refused.status_code == 200 and not AccessGrant.objects.exists()
    opened = client.post(url, {"reason": REASON, "understood": "on"})
    assert opened.status_code == 302 and opened.url == f"/cases/{south_case.pk}/"
    detail = client.get(opened.url)
    assert detail.status_code == 200
    assert "emergency access until" in detail.content.decode()

    # The case's own team sees who opened it and why.
    team_page = signed_in(worker_elsewhere).get(f"/cases/{south_case.pk}/").content.decode()
    assert "Supervisor" in team_page and REASON in team_page

    clock.freeze(START + dt.timedelta(hours=5))
    assert signed_in(supervisor).get(f"/cases/{south_case.pk}/").status_code == 404


def test_caseworkers_cannot_reach_the_emergency_page(south_case, worker, signed_in):
    response = signed_in(worker).get(f"/cases/search/{south_case.pk}/emergency/")
    assert response.status_code == 403


def test_api(south_case, supervisor, api):
    client = api(supervisor)
    assert client.get(f"/api/v1/cases/{south_case.pk}").status_code == 404
    url = f"/api/v1/case-search/{south_case.pk}/emergency-access"
    short = client.post(url, {"reason": "now"}, content_type="application/json")
    assert short.status_code == 422 and "reason" in short.json()["errors"]
    made = client.post(url, {"reason": REASON}, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["kind"] == "emergency" and made.json()["active"] is True
    assert client.get(f"/api/v1/cases/{south_case.pk}").status_code == 200
    read = AuditEvent.objects.filter(action="case.read", actor_id=supervisor.pk).get()
    assert "emergency_access" in read.detail
