"""Where a request came from, carried to the audit trail without passing it through
every service signature."""

import contextvars
import secrets
from dataclasses import dataclass


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


def from_request(request, channel: str = "web") -> RequestContext:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # Only the first hop; deployments behind a proxy must strip client-sent values.
    ip = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return RequestContext(
        ip=ip or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        request_id=secrets.token_hex(8),
        channel="api" if request.path.startswith("/api/") else channel,
    )
