"""The DHIS2 password or token at rest: sealed with AES-GCM under a key derived
from SECRET_KEY, so a copy of the database alone does not give away the account
Hearth signs in to DHIS2 with. It is opened only to send, and never shown back."""

from __future__ import annotations

import base64
import secrets

from Cryptodome.Cipher import AES
from django.utils.crypto import salted_hmac

PURPOSE = "hearth.reports.dhis2.secret"


def _key() -> bytes:
    return salted_hmac(PURPOSE, "dhis2 server secret", algorithm="sha256").digest()


def seal(secret: str) -> str:
    nonce = secrets.token_bytes(12)
    cipher = AES.new(_key(), AES.MODE_GCM, nonce=nonce)
    sealed, tag = cipher.encrypt_and_digest(secret.encode())
    return base64.urlsafe_b64encode(nonce + tag + sealed).decode()


def unseal(token: str) -> str:
    """The secret, or ValueError when it was sealed under another SECRET_KEY."""
    raw = base64.urlsafe_b64decode(token.encode())
    nonce, tag, sealed = raw[:12], raw[12:28], raw[28:]
    cipher = AES.new(_key(), AES.MODE_GCM, nonce=nonce)
    return cipher.decrypt_and_verify(sealed, tag).decode()
