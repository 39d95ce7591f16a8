"""Talking to DHIS2: POST a data value set to <base>/api/dataValueSets and read
the import summary it answers with.

DHIS2 has answered in two shapes over the years: a flat ImportSummary
({"responseType": "ImportSummary", "status", "importCount", "conflicts"}) and,
since 2.38, a WebMessage wrapping it ({"httpStatusCode", "status", "message",
"response": {ImportSummary}}), with HTTP 409 when some values were refused.
Both are read here into one plain summary."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

MAX_CONFLICTS = 200  # a summary can list thousands; the first ones say enough


@dataclass
class Answer:
    http_status: int | None = None
    body: dict | None = None
    error: str = ""  # why nothing readable came back


@dataclass
class Summary:
    status: str = ""  # SUCCESS, WARNING or ERROR, as DHIS2 says it
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[dict] = field(default_factory=list)
    description: str = ""


def headers(auth: str, username: str, secret: str) -> dict:
    if auth == "token":
        # DHIS2 personal access tokens (2.37+).
        sign_in = f"ApiToken {secret}"
    else:
        sign_in = "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()
    return {
        "Authorization": sign_in,
        "Content-Type": "application/json",
        "Accept": "application/json",
    }


def post_data_value_set(
    base_url: str, payload: dict, *, headers: dict, timeout: float, dry_run: bool = False
) -> Answer:
    """POST the set; never raises for network or HTTP trouble, it says what happened."""
    query = {"importStrategy": "CREATE_AND_UPDATE"}
    if dry_run:
        query["dryRun"] = "true"
    url = f"{base_url.rstrip('/')}/api/dataValueSets?{urlencode(query)}"
    request = urllib.request.Request(  # noqa: S310 - the address is https or loopback
        url, data=json.dumps(payload).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return _answer(response.status, response.read())
    except urllib.error.HTTPError as error:
        answer = _answer(error.code, error.read())
        if answer.body is None:
            answer.error = _("DHIS2 answered with HTTP %(s)s %(r)s.") % {
                "s": error.code,
                "r": error.reason,
            }
        return answer
    except TimeoutError:
        return Answer(error=_("DHIS2 did not answer within %(t)s seconds.") % {"t": timeout})
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Answer(
            error=_("Could not reach DHIS2 at %(u)s: %(r)s.") % {"u": base_url, "r": reason}
        )


def _answer(status: int, raw: bytes) -> Answer:
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        body = None
    if not isinstance(body, dict):
        return Answer(http_status=status, error=_("DHIS2's answer was not an import summary."))
    return Answer(http_status=status, body=body)


def read_summary(body: dict) -> Summary | None:
    """The import summary in either shape, or None when the body holds none
    (an error message without one, for instance)."""
    wrapped = body.get("response")
    inner: dict = wrapped if isinstance(wrapped, dict) else body
    if "importCount" not in inner and inner.get("responseType") != "ImportSummary":
        return None
    counts = inner.get("importCount") or {}
    conflicts = []
    for item in (inner.get("conflicts") or [])[:MAX_CONFLICTS]:
        if not isinstance(item, dict):
            continue
        # Older servers: {"object", "value"}; newer: {"objects": {...}, "value", "errorCode"}.
        where = item.get("object") or ", ".join(
            str(v) for v in (item.get("objects") or {}).values()
        )
        conflicts.append(
            {
                "object": str(where or ""),
                "value": str(item.get("value", "")),
                "error_code": str(item.get("errorCode", "")),
            }
        )
    return Summary(
        status=str(inner.get("status") or body.get("status") or "").upper(),
        imported=int(counts.get("imported") or 0),
        updated=int(counts.get("updated") or 0),
        ignored=int(counts.get("ignored") or 0),
        deleted=int(counts.get("deleted") or 0),
        conflicts=conflicts,
        description=str(inner.get("description") or body.get("message") or ""),
    )
