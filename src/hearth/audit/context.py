"""Where a request came from, carried to the audit trail without passing it through
every service signature."""

import contextvars
import ipaddress
import secrets
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""
    request_id: str = ""
    channel: str = "web"  # web, api, command, job


_COMMAND = RequestContext(channel="command")
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "hearth_request", default=None
)


def current() -> RequestContext:
    """Where the current request came from; outside a request, the command line."""
    return _current.get() or _COMMAND


def bind(ctx: RequestContext):
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)


def normalize_ip(value) -> str | None:
    """The address in the one spelling the database gives back (so the audit hash
    stays verifiable), or None when it is not an IP address at all."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        # Zone ids ("%eth0") mean nothing off the host and the database refuses them.
        return str(ipaddress.IPv6Address(int(address)))
    return str(address)


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is believed only as far as the
    deployment says proxies of its own stand in front (HEARTH_PROXY_COUNT): each
    trusted proxy appends one address, so the client is that many from the right.
    Anything further left was written by the client and could be anything.
    Sign-in lockout, rate limits and the audit trail all use this one answer."""
    address = request.META.get("REMOTE_ADDR")
    hops = getattr(settings, "HEARTH_PROXY_COUNT", 0)
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return normalize_ip(address)


def from_request(request, channel: str = "web") -> RequestContext:
    return RequestContext(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:300],
        request_id=secrets.token_hex(8),
        channel="api" if request.path.startswith("/api/") else channel,
    )
