"""Stable pseudonyms for de-identified exports: an HMAC-SHA256 of the record's
UUID, so the same child or case always gets the same pseudonym within an export
(and, when asked for, across exports) while nobody without the key can go back
from a pseudonym to the record.

Two kinds of key (docs/decisions/export-pseudonyms.md):
- per export (the default): a random key made when the job runs and thrown away
  when it ends, so two exports cannot be joined on their pseudonyms;
- per deployment ("linkable"): one key kept on the server, so an analyst can
  follow the same child through successive exports. It comes from the
  HEARTH_PSEUDONYM_KEY environment variable, or is made once and kept in
  <var>/pseudonym_key (readable by the server only). Replacing it breaks every
  link with earlier exports, which is how a deployment retires old links."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings

PREFIX_LENGTH = 16  # hex digits: 64 bits, no collisions in any realistic export


def one_time_key() -> bytes:
    return secrets.token_bytes(32)


def deployment_key() -> bytes:
    given = os.environ.get("HEARTH_PSEUDONYM_KEY")
    if given:
        return given.encode()
    path = Path(settings.VAR_DIR) / "pseudonym_key"
    if not path.exists():
        # Made with O_EXCL so two processes starting at once keep the same key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


def pseudonym(key: bytes, value) -> str:
    digest = hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()
    return digest[:PREFIX_LENGTH]
