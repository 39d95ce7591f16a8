"""Two-factor sign-in: enrolment, the two-step sign-in, recovery codes, the
requirement by role or setting, switching off and an administrator's reset."""

import datetime as dt
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.accounts.views_signin import PENDING
from hearth.accounts.views_two_factor import ENROL_KEY
from hearth.audit.models import AuditEvent
from hearth.core import clock
from hearth.core.models import Setting
from tests.accounts.conftest import code_for


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


@pytest.fixture(autouse=True)
def _no_throttle_between_tries(settings):
    # django-otp makes each wrong code cost a growing wait; tests that follow a
    # wrong code with a right one do not want to wait. The throttling test sets it back.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


# --- enrolment -----------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_drawn_on_the_server(client, worker):
    client.force_login(worker)
    page = client.get("/accounts/me/two-factor/set-up/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<script>" not in html and "style=" not in html
    key = client.session[ENROL_KEY]
    assert not TOTPDevice.objects.filter(user=worker).exists()  # nothing stored before proof
    # The secret to type by hand is the same key, in base32.
    assert re.search(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", html)
    assert "no-store" in page["Cache-Control"]
    # The same key on reload, so a slow scan still works.
    client.get("/accounts/me/two-factor/set-up/")
    assert client.session[ENROL_KEY] == key


def test_enrolment_confirmed_with_a_code_gives_ten_recovery_codes_once(client, worker):
    client.force_login(worker)
    client.get("/accounts/me/two-factor/set-up/")
    key = bytes.fromhex(client.session[ENROL_KEY])
    wrong = client.post("/accounts/me/two-factor/set-up/", {"code": "000000"})
    if f"{totp(key):06d}" != "000000":
        assert "does not match" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user=worker).exists()
    done = client.post("/accounts/me/two-factor/set-up/", {"code": f"{totp(key):06d}"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "no-store" in done["Cache-Control"]
    device = TOTPDevice.objects.get(user=worker)
    assert device.confirmed and device.key == key.hex()
    assert StaticToken.objects.filter(device__user=worker).count() == 10
    assert AuditEvent.objects.filter(action="auth.2fa_enable", actor_id=worker.pk).exists()
    assert ENROL_KEY not in client.session
    # Shown once: the page now tells the state, not the codes.
    status = client.get("/accounts/me/two-factor/").content.decode()
    assert "10 recovery codes left" in status
    assert not any(code in status for code in codes)


# --- signing in in two steps --------------------------------------------------------------


def test_password_alone_does_not_sign_in_someone_with_an_authenticator(
    client, worker, authenticator, password_step
):
    device = authenticator(worker)
    response = password_step(worker)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert signed_in_as(client) is None
    assert client.get("/").status_code == 302  # still signed out

    done = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert done.status_code == 302 and done["Location"] == "/"
    assert signed_in_as(client) == str(worker.pk)
    assert client.get("/").status_code == 200
    login = AuditEvent.objects.filter(action="auth.login").latest("seq")
    assert login.actor_id == worker.pk and login.detail["second_factor"] == "TOTPDevice"


def test_next_page_is_kept_across_both_steps(client, worker, authenticator):
    device = authenticator(worker)
    client.post(
        "/accounts/login/?next=/registry/people/",
        {"username": "worker", "password": "a-long-test-passphrase-42"},
    )
    done = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert done["Location"] == "/registry/people/"


def test_a_code_cannot_be_used_twice(client, worker, authenticator, password_step):
    device = authenticator(worker)
    code = code_for(device)
    password_step(worker)
    client.post("/accounts/login/code/", {"code": code})
    client.post("/accounts/logout/")
    password_step(worker)
    again = client.post("/accounts/login/code/", {"code": code})
    assert again.status_code == 200 and "not right" in again.content.decode()
    assert signed_in_as(client) is None


def test_wrong_codes_are_audited_and_five_send_you_back(
    client, worker, authenticator, password_step
):
    authenticator(worker)
    password_step(worker)
    for _ in range(4):
        response = client.post("/accounts/login/code/", {"code": "12345x"})
        assert response.status_code == 200
    response = client.post("/accounts/login/code/", {"code": "12345x"})
    assert response["Location"] == "/accounts/login/"
    assert PENDING not in client.session
    failed = AuditEvent.objects.filter(action="auth.2fa_failed")
    assert failed.count() == 5
    assert {e.object_id for e in failed} == {str(worker.pk)}
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_wrong_codes_slow_the_device_down(client, worker, authenticator, password_step, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    settings.OTP_STATIC_THROTTLE_FACTOR = 60
    device = authenticator(worker)
    password_step(worker)
    client.post("/accounts/login/code/", {"code": "999999"})
    refused = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert re.search(r"Too many wrong codes. Wait (59|60) seconds", refused.content.decode())
    assert signed_in_as(client) is None
    # Refused for waiting, not counted as another wrong code.
    assert AuditEvent.objects.filter(action="auth.2fa_failed").count() == 1


def test_one_wrong_code_is_just_wrong(client, worker, authenticator, password_step, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    authenticator(worker)
    password_step(worker)
    response = client.post("/accounts/login/code/", {"code": "999999"})
    assert "That code is not right." in response.content.decode()


def test_the_first_step_expires(client, worker, authenticator, password_step):
    device = authenticator(worker)
    password_step(worker)
    clock.freeze(clock.now() + dt.timedelta(minutes=6))
    try:
        response = client.post("/accounts/login/code/", {"code": code_for(device)})
    finally:
        clock.freeze(None)
    assert response["Location"] == "/accounts/login/"
    assert signed_in_as(client) is None


def test_a_recovery_code_signs_in_once(client, worker, authenticator, password_step):
    authenticator(worker)
    password_step(worker)
    response = client.post("/accounts/login/code/", {"code": "AAAA-2222"})
    assert signed_in_as(client) == str(worker.pk)
    assert "2 left" in client.get(response["Location"]).content.decode()
    client.post("/accounts/logout/")
    password_step(worker)
    client.post("/accounts/login/code/", {"code": "aaaa2222"})
    assert signed_in_as(client) is None


# --- who must use it --------------------------------------------------------------------


def test_a_role_that_requires_it_sends_you_to_enrol_and_nowhere_else(
    client, administrator, password_step
):
    response = password_step(administrator)
    assert response["Location"] == "/accounts/me/two-factor/set-up/"
    for path in ("/", "/accounts/me/", "/audit/", "/accounts/locked/"):
        assert client.get(path)["Location"] == "/accounts/me/two-factor/set-up/", path
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and "two-factor" in api.json()["message"]
    assert client.get("/accounts/me/two-factor/set-up/").status_code == 200

    key = bytes.fromhex(client.session[ENROL_KEY])
    client.post("/accounts/me/two-factor/set-up/", {"code": f"{totp(key):06d}"})
    assert client.get("/").status_code == 200
    assert client.get("/accounts/locked/").status_code == 200


def test_sign_out_stays_open_before_enrolling(client, administrator, password_step):
    password_step(administrator)
    client.post("/accounts/logout/")
    assert signed_in_as(client) is None


def test_the_setting_requires_it_for_everyone(client, worker, password_step):
    Setting.objects.create(key="security.require_2fa_for_all", value=True)
    assert password_step(worker)["Location"] == "/accounts/me/two-factor/set-up/"
    assert client.get("/registry/people/")["Location"] == "/accounts/me/two-factor/set-up/"


def test_not_required_for_others(client, worker, password_step):
    assert password_step(worker)["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_demo_installation_does_not_insist(client, administrator, password_step, settings):
    settings.HEARTH_ENFORCE_2FA = False
    assert password_step(administrator)["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_session_without_the_second_factor_is_ended_once_there_is_one(
    client, worker, authenticator
):
    """A session opened with a password alone, before an authenticator was set
    up (in another browser, say), does not carry on."""
    client.force_login(worker)
    authenticator(worker)
    response = client.get("/registry/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/registry/people/")
    assert signed_in_as(client) is None


# --- switching off, renewing, resetting ----------------------------------------------------


def test_switching_off_needs_a_current_code(worker, authenticator, signed_in):
    device = authenticator(worker)
    client = signed_in(worker)
    client.post("/accounts/me/two-factor/off/", {"code": "000001"})
    assert TOTPDevice.objects.filter(user=worker).exists()
    client.post("/accounts/me/two-factor/off/", {"code": code_for(device, 1)})
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert not StaticToken.objects.filter(device__user=worker).exists()
    assert AuditEvent.objects.filter(action="auth.2fa_disable", actor_id=worker.pk).exists()


def test_new_recovery_codes_replace_the_old(worker, authenticator, signed_in):
    device = authenticator(worker)
    client = signed_in(worker)
    page = client.post("/accounts/me/two-factor/recovery-codes/", {"code": code_for(device, 1)})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())
    assert len(codes) == 10
    tokens = set(StaticToken.objects.filter(device__user=worker).values_list("token", flat=True))
    assert tokens == set(codes)
    assert AuditEvent.objects.filter(action="auth.2fa_recovery_renew").exists()


def test_an_administrator_resets_a_lost_phone(administrator, worker, authenticator, signed_in):
    authenticator(worker)
    client = signed_in(administrator)
    page = client.get(f"/accounts/users/{worker.pk}/security/")
    assert page.status_code == 200 and "Reset two-factor sign-in" in page.content.decode()
    no_reason = client.post(f"/accounts/users/{worker.pk}/two-factor/reset/", {"reason": ""})
    assert no_reason.status_code == 200
    assert TOTPDevice.objects.filter(user=worker).exists()
    done = client.post(
        f"/accounts/users/{worker.pk}/two-factor/reset/", {"reason": "phone stolen, seen in person"}
    )
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=worker).exists()
    event = AuditEvent.objects.get(action="auth.2fa_reset")
    assert event.actor_id == administrator.pk and event.object_id == str(worker.pk)
    assert event.detail["reason"] == "phone stolen, seen in person"


def test_only_user_managers_reset(worker, worker_elsewhere, authenticator, signed_in):
    authenticator(worker_elsewhere)
    client = signed_in(worker)
    url = f"/accounts/users/{worker_elsewhere.pk}/two-factor/reset/"
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert TOTPDevice.objects.filter(user=worker_elsewhere).exists()
