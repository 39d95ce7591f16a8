"""Sessions end after the idle time; cookies are out of scripts' reach."""

import datetime as dt
import runpy

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

import hearth.settings


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_idle_minutes_default_to_thirty():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_each_request_pushes_the_end_back(worker, signed_in):
    client = signed_in(worker)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    assert client.get("/").status_code == 200
    left = session_row(client).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)


def test_an_idle_session_has_expired(worker, signed_in):
    client = signed_in(worker)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/registry/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_session_cookie_flags(client, worker):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": "worker", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"]  # ends with the browser too


def load_settings(monkeypatch, **env):
    """The settings module as it comes out under these environment variables."""
    for name in ("HEARTH_DEBUG", "HEARTH_DEMO", "HEARTH_SECURE_COOKIES", "HEARTH_IDLE_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(hearth.settings.__file__)


@pytest.mark.parametrize(
    ("env", "secure"),
    [
        ({}, True),  # production: secure unless told otherwise
        ({"HEARTH_DEMO": "1"}, False),  # a demo on plain http://localhost
        ({"HEARTH_DEBUG": "1"}, False),
        ({"HEARTH_DEMO": "1", "HEARTH_SECURE_COOKIES": "1"}, True),
        ({"HEARTH_SECURE_COOKIES": "0"}, False),
    ],
)
def test_secure_cookie_flag_follows_the_deployment(monkeypatch, env, secure):
    values = load_settings(monkeypatch, **env)
    assert values["SESSION_COOKIE_SECURE"] is secure
    assert values["CSRF_COOKIE_SECURE"] is secure
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_idle_minutes_from_the_environment(monkeypatch):
    assert load_settings(monkeypatch, HEARTH_IDLE_MINUTES="10")["SESSION_COOKIE_AGE"] == 600


def test_cache_follows_redis_url(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert "DatabaseCache" in load_settings(monkeypatch)["CACHES"]["default"]["BACKEND"]
    cache = load_settings(monkeypatch, REDIS_URL="redis://cache:6379/1")["CACHES"]["default"]
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/1",
    }
