"""Rate limits: sign-in attempts per address, API calls per token."""

import datetime as dt

import pytest

from hearth.accounts import tokens
from hearth.core import clock
from hearth.core.models import Setting


@pytest.fixture
def frozen():
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC))
    yield
    clock.freeze(None)


def test_sign_in_attempts_per_address(client, db, frozen):
    Setting.objects.create(key="security.signin_rate_per_minute", value=3)
    for n in range(3):
        response = client.post("/accounts/login/", {"username": f"u{n}", "password": "x"})
        assert response.status_code == 200
    limited = client.post("/accounts/login/", {"username": "u9", "password": "x"})
    assert limited.status_code == 429
    assert limited["Retry-After"] == "50"
    assert "Too many sign-in attempts" in limited.content.decode()
    # Another address is not held back, and neither is this one a minute later.
    other = client.post(
        "/accounts/login/", {"username": "u9", "password": "x"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200
    clock.freeze(clock.now() + dt.timedelta(seconds=60))
    assert client.post("/accounts/login/", {"username": "u9", "password": "x"}).status_code == 200


def test_the_default_sign_in_limit(client, db, frozen):
    for _ in range(20):
        client.post("/accounts/login/", {"username": "", "password": ""})
    assert client.post("/accounts/login/", {"username": "", "password": ""}).status_code == 429


def test_api_calls_per_token(client, worker, frozen):
    Setting.objects.create(key="security.api_rate_per_minute", value=2)
    _, first = tokens.token_create(actor=worker, name="one")
    _, second = tokens.token_create(actor=worker, name="two")
    for _ in range(2):
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 200
    limited = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {first}")
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/json; charset=utf-8"
    assert "Too many requests" in limited.json()["message"]
    assert limited["Retry-After"] == "50"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200


def test_zero_means_no_limit(client, worker, frozen):
    Setting.objects.create(key="security.api_rate_per_minute", value=0)
    _, raw = tokens.token_create(actor=worker, name="bulk")
    for _ in range(130):
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
