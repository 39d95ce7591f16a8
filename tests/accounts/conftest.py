import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


def code_for(device, steps_ahead: int = 0) -> str:
    """What the phone shows now (or that many 30-second steps later)."""
    return f"{totp(device.bin_key, drift=steps_ahead):06d}"


@pytest.fixture
def authenticator():
    """authenticator(user) -> a confirmed TOTP device and 3 recovery codes."""

    def give(user):
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        codes = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        for token in ("aaaa2222", "bbbb3333", "cccc4444"):
            codes.token_set.create(token=token)
        return device

    return give


@pytest.fixture
def password_step(client):
    """password_step(user, **extra) -> the response to the password form."""

    def post(user, password=PASSWORD, **extra):
        return client.post(
            "/accounts/login/", {"username": user.username, "password": password}, **extra
        )

    return post
