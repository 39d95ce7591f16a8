"""Personal API tokens: shown once, kept only as a SHA-256 digest, revocable."""

import datetime as dt
import hashlib

import pytest

from hearth.accounts import tokens
from hearth.accounts.models import ApiToken, User
from hearth.core import clock
from hearth.core.errors import Forbidden, HearthError


def test_the_raw_token_is_returned_once_and_only_its_digest_is_kept(worker):
    token, raw = tokens.token_create(actor=worker, name="district script")
    assert raw.startswith("hth_") and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.digest, stored.prefix, stored.name}
    assert stored.prefix == raw[:12]
    assert tokens.user_for_token(raw) == worker


def test_a_token_expires(worker):
    _, raw = tokens.token_create(actor=worker, name="short", days=1)
    clock.freeze(clock.now() + dt.timedelta(days=1, seconds=1))
    try:
        assert tokens.user_for_token(raw) is None
    finally:
        clock.freeze(None)


def test_a_revoked_token_no_longer_works(worker):
    token, raw = tokens.token_create(actor=worker, name="old")
    tokens.token_revoke(actor=worker, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert tokens.user_for_token(raw) is None


def test_a_token_stops_working_with_its_user(worker):
    _, raw = tokens.token_create(actor=worker, name="script")
    User.objects.filter(pk=worker.pk).update(is_active=False)
    assert tokens.user_for_token(raw) is None


@pytest.mark.parametrize("raw", ["", "hth_", "hth_not-a-real-token", "Bearer x"])
def test_unknown_tokens_match_nobody(worker, raw):
    tokens.token_create(actor=worker, name="script")
    assert tokens.user_for_token(raw) is None


def test_names_and_lifetimes_are_checked(worker):
    with pytest.raises(HearthError) as caught:
        tokens.token_create(actor=worker, name="  ")
    assert caught.value.field == "name"
    with pytest.raises(HearthError) as caught:
        tokens.token_create(actor=worker, name="forever", days=366)
    assert caught.value.field == "days"
    assert not ApiToken.objects.exists()


def test_only_api_users_get_tokens(auditor):
    with pytest.raises(Forbidden):
        tokens.token_create(actor=auditor, name="mine")


def test_nobody_revokes_someone_elses_token(worker, worker_elsewhere):
    token, raw = tokens.token_create(actor=worker, name="script")
    with pytest.raises(HearthError):
        tokens.token_revoke(actor=worker_elsewhere, token=token)
    assert tokens.user_for_token(raw) == worker


def test_the_token_pages(worker, signed_in):
    client = signed_in(worker)
    assert client.get("/accounts/me/tokens/new/").status_code == 200
    response = client.post("/accounts/me/tokens/new/", {"name": "my script", "days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=worker)
    raw = response.context["raw"]
    assert raw in response.content.decode()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert not token.read_only
    # The profile lists the token by name and prefix, never in full.
    profile = client.get("/accounts/me/").content.decode()
    assert "my script" in profile and token.prefix in profile and raw not in profile

    revoked = client.post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert revoked.status_code == 302 and revoked.url == "/accounts/me/"
    assert tokens.user_for_token(raw) is None


def test_the_token_form_shows_errors(worker, signed_in):
    response = signed_in(worker).post("/accounts/me/tokens/new/", {"name": "", "days": 900})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Ensure this value is less than or equal to 365." in html
    assert not ApiToken.objects.exists()


def test_revoking_needs_a_post_and_ones_own_token(worker, worker_elsewhere, signed_in):
    token, raw = tokens.token_create(actor=worker, name="script")
    assert signed_in(worker).get(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 405
    other = signed_in(worker_elsewhere).post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert other.status_code == 404
    assert tokens.user_for_token(raw) == worker
