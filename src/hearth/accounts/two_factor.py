"""Two-factor sign-in: a TOTP authenticator app plus ten one-time recovery codes.

Who must use it: anyone whose role says requires_2fa, or everyone when the
setting security.require_2fa_for_all is on (not enforced on a demo installation).
Anyone may choose to.

Codes are checked outside the transaction of whatever they unlock: django-otp
counts wrong codes on the device and slows guessing down, and that count must be
kept even when the change it guarded is refused."""

from __future__ import annotations

import math
import time
from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from hearth.access import policy
from hearth.audit.services import record
from hearth.core import config
from hearth.core.errors import HearthError

RECOVERY_CODES = 10
TOLERANCE = 1  # accept the code of the 30 seconds before or after: phone clocks drift

config.register(
    "security.require_2fa_for_all",
    False,
    gettext_lazy("Every user must sign in with a second factor, whatever their role."),
)


def required_for(user) -> bool:
    if not settings.HEARTH_ENFORCE_2FA:
        return False
    if any(role.requires_2fa for role in policy.roles_of(user)):
        return True
    return bool(config.get("security.require_2fa_for_all"))


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- enrolment -----------------------------------------------------------------------


def new_key() -> str:
    """A fresh 160-bit secret, hex-encoded as django-otp stores it."""
    return default_key()


def secret_for_people(key: str) -> str:
    """The key as an authenticator app wants it typed: base32 in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user, key: str) -> str:
    return TOTPDevice(user=user, key=key).config_url


def qr_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG QR code, drawn here: no script, no
    request to anyone else, nothing the page's security policy must allow."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, light="#fff", title=_("QR code for your authenticator app")
    )


def _code(text) -> str:
    return "".join(str(text or "").split()).replace("-", "").lower()


def _totp_matches(key: str, code: str) -> TOTP | None:
    """The TOTP state at the step the code belongs to, or None."""
    if not code.isdigit():
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    return totp if totp.verify(int(code), TOLERANCE) else None


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def enrol(*, actor, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Switch on two-factor sign-in for `actor` with the authenticator that holds
    `key`, proven by a `code` from it. Replaces any earlier authenticator and its
    recovery codes. Returns the device and the new recovery codes, which are
    never shown again."""
    matched = _totp_matches(key, _code(code))
    if matched is None:
        raise HearthError(
            _(
                "That code does not match. Check that the phone's clock is right and "
                "type the code your app shows now."
            ),
            field="code",
        )
    _remove_devices(actor)
    # last_t: the code just used cannot be used again to sign in.
    device = TOTPDevice.objects.create(
        user=actor,
        name="authenticator",
        key=key,
        confirmed=True,
        last_t=matched.t(),
        drift=matched.drift,
    )
    codes = _new_recovery_codes(actor)
    record(actor=actor, action="auth.2fa_enable", target=actor)
    return device, codes


# --- checking codes ------------------------------------------------------------------


class WrongCode(HearthError):
    pass


def wait_seconds(user) -> int:
    """How long wrong codes have the user's devices refusing every code (0: none).
    django-otp doubles the wait with each wrong code: 1, 2, 4, 8... seconds."""
    now = timezone.now()
    longest = 0
    for device in devices_for_user(user):
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            longest = max(longest, math.ceil((info["locked_until"] - now).total_seconds()))
    return longest


def wait_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes. Wait %(n)s second before trying again.",
        "Too many wrong codes. Wait %(n)s seconds before trying again.",
        seconds,
    ) % {"n": seconds}


def verify_code(user, code):
    """The device that accepts `code`, or None: six digits are the authenticator's,
    anything else a recovery code (used up when accepted). A wrong code makes that
    device wait before it checks another (see wait_seconds)."""
    code = _code(code)
    if not code:
        return None
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        for device in kind.objects.filter(user=user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def _require_code(user, code):
    wait = wait_seconds(user)
    if wait:
        raise WrongCode(wait_message(wait), field="code")
    device = verify_code(user, code)
    if device is None:
        raise WrongCode(_("That code is not right."), field="code")
    return device


# --- switching off and renewing ---------------------------------------------------


def disable(*, actor, code: str) -> None:
    """The user switches their own two-factor sign-in off, proving it is them with
    a current code. If their role requires it they are asked to enrol again."""
    _require_code(actor, code)
    with transaction.atomic():
        _remove_devices(actor)
        record(actor=actor, action="auth.2fa_disable", target=actor)


def recovery_codes_renew(*, actor, code: str) -> list[str]:
    """New recovery codes for the user, proven by a current code; the old ones stop working."""
    _require_code(actor, code)
    with transaction.atomic():
        codes = _new_recovery_codes(actor)
        record(actor=actor, action="auth.2fa_recovery_renew", target=actor)
    return codes


@transaction.atomic
def reset_for(*, actor, user, reason: str) -> None:
    """An administrator removes someone's authenticator (a lost or replaced phone).
    They sign in with their password next time and enrol again if required."""
    policy.require(actor, "user.manage")
    reason = (reason or "").strip()
    if not reason:
        raise HearthError(_("Say why, for the audit trail."), field="reason")
    if not has_two_factor(user) and not StaticDevice.objects.filter(user=user).exists():
        raise HearthError(_("This user has no two-factor sign-in to reset."))
    _remove_devices(user)
    record(actor=actor, action="auth.2fa_reset", target=user, detail={"reason": reason})
