"""API tokens: expiry and revocation shut the door; use is audited once a day."""

import datetime as dt

from hearth.accounts import tokens
from hearth.audit.models import AuditEvent
from hearth.core import clock


def call(client, raw):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_live_token_works(client, worker):
    _, raw = tokens.token_create(actor=worker, name="script")
    assert call(client, raw).json()["username"] == "worker"


def test_an_expired_token_is_refused(client, worker):
    _, raw = tokens.token_create(actor=worker, name="script", days=1)
    clock.freeze(clock.now() + dt.timedelta(days=1, seconds=1))
    try:
        response = call(client, raw)
    finally:
        clock.freeze(None)
    assert response.status_code == 401
    assert "API token" in response.json()["message"]


def test_a_revoked_token_is_refused(client, worker):
    token, raw = tokens.token_create(actor=worker, name="script")
    tokens.token_revoke(actor=worker, token=token)
    assert call(client, raw).status_code == 401


def test_a_made_up_token_is_refused(client, db):
    assert call(client, "hth_" + "x" * 43).status_code == 401


def test_use_is_audited_on_the_first_call_of_each_day(client, worker):
    start = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)
    clock.freeze(start)
    token, raw = tokens.token_create(actor=worker, name="script")
    try:
        for minutes in (0, 1, 10, 300):
            clock.freeze(start + dt.timedelta(minutes=minutes))
            assert call(client, raw).status_code == 200
        uses = AuditEvent.objects.filter(action="api.token_use")
        assert uses.count() == 1
        assert uses.get().object_id == str(token.pk) and uses.get().actor_id == worker.pk
        clock.freeze(start + dt.timedelta(days=1))
        call(client, raw)
        assert uses.count() == 2
    finally:
        clock.freeze(None)
