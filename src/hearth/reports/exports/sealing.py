"""Getting the password of an encrypted export to the background worker without
keeping it anywhere readable. The password is never stored on the job, in the
audit trail or in a log; the job queue carries it sealed with AES-GCM under a key
derived from the server's SECRET_KEY and bound to the job's id, and the worker
opens it only to encrypt the file."""

from __future__ import annotations

import base64
import secrets

from Cryptodome.Cipher import AES
from django.utils.crypto import salted_hmac

PURPOSE = "hearth.reports.exports.password"


def _key() -> bytes:
    return salted_hmac(PURPOSE, "export password", algorithm="sha256").digest()


def seal(password: str, job_id) -> str:
    nonce = secrets.token_bytes(12)
    cipher = AES.new(_key(), AES.MODE_GCM, nonce=nonce)
    cipher.update(str(job_id).encode())
    sealed, tag = cipher.encrypt_and_digest(password.encode())
    return base64.urlsafe_b64encode(nonce + tag + sealed).decode()


def unseal(token: str, job_id) -> str:
    """The password, or ValueError when the token was altered or is for another job."""
    raw = base64.urlsafe_b64decode(token.encode())
    nonce, tag, sealed = raw[:12], raw[12:28], raw[28:]
    cipher = AES.new(_key(), AES.MODE_GCM, nonce=nonce)
    cipher.update(str(job_id).encode())
    return cipher.decrypt_and_verify(sealed, tag).decode()
