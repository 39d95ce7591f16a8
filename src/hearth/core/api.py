"""What every API router shares: authentication, pagination and error bodies.

Errors are always JSON with a `message` a person can read, and `errors` by field
when input was refused: {"message": "...", "errors": {"date_of_birth": ["..."]}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from hearth.access import sensitivity
from hearth.core import ratelimit
from hearth.core.errors import Forbidden, HearthError, messages_of


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hth_...` with a personal token (see accounts.tokens)."""

    def authenticate(self, request, token):
        from hearth.accounts.tokens import user_for_token

        user = user_for_token(token)
        if user is not None:
            ratelimit.check(
                "api",
                str(user.api_token.pk),
                "security.api_rate_per_minute",
                _("Too many requests with this token. Wait a minute and try again."),
            )
            request.user = user
        return user


class SignedInSession(SessionAuth):
    """The browser's session, so the interactive docs work for a signed-in user.
    CSRF is enforced for writes, as for any form."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [TokenAuth(), SignedInSession()]


class Page(Schema):
    total: int
    page: int
    per: int
    items: list[Any]


def paginate(qs, page: int, per: int, to_item, max_per: int = 200) -> dict:
    """One page of `qs`: {"total", "page", "per", "items"}; `to_item` turns a row
    into its output dict. Two queries whatever the page size."""
    if page < 1:
        raise HearthError(_("page starts at 1."), field="page")
    if not 1 <= per <= max_per:
        raise HearthError(_("per must be between 1 and %(n)s.") % {"n": max_per}, field="per")
    total = qs.count()
    rows = qs[(page - 1) * per : page * per]
    return {"total": total, "page": page, "per": per, "items": [to_item(row) for row in rows]}


def masked_fields(user, obj, fields: list[str]) -> dict:
    """Field -> value for `fields`, with values the reader may not see set to None
    and their names listed under "masked" (B5: same rule as pages and exports)."""
    out: dict[str, Any] = {}
    hidden = []
    label = obj._meta.label_lower
    for name in fields:
        if sensitivity.readable(user, label, name):
            out[name] = getattr(obj, name)
        else:
            out[name] = None
            hidden.append(name)
    out["masked"] = hidden
    return out


def install_error_handlers(api) -> None:
    def respond(request, status: int, message: str, errors=None):
        body = {"message": str(message)}
        if errors:
            body["errors"] = errors
        return api.create_response(request, body, status=status)

    @api.exception_handler(HearthError)
    def hearth_error(request, exc: HearthError):
        if isinstance(exc, Forbidden):
            from hearth.access.denials import record_denial

            record_denial(request.user, "", request.path)
        errors = {exc.field: [str(exc.message)]} if exc.field else None
        response = respond(request, exc.status, exc.message, errors)
        if isinstance(exc, ratelimit.RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        errors = messages_of(exc)
        first = next(iter(errors.values()))[0] if errors else _("Invalid input.")
        return respond(request, 422, first, errors)

    @api.exception_handler(NinjaValidationError)
    def input_error(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            loc = [str(p) for p in item.get("loc", [])]
            # ("body", "payload", "given_name") -> "given_name", the name services use too;
            # ("query", "per") -> "per".
            if loc[:1] == ["body"]:
                loc = loc[2:]
            elif loc[:1] and loc[0] in ("query", "path", "header", "cookie", "form", "file"):
                loc = loc[1:]
            errors.setdefault(".".join(loc) or "__all__", []).append(item.get("msg", ""))
        return respond(request, 422, _("Some values are missing or not valid."), errors)

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        return respond(
            request, 401, _("Sign in or send a valid API token: Authorization: Bearer <token>.")
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return respond(request, exc.status_code, str(exc))

    @api.exception_handler(IntegrityError)
    def integrity_error(request, exc):
        # Two requests raced past validation; the database kept the first.
        return respond(
            request,
            409,
            _("This conflicts with a record saved at the same moment. Reload and try again."),
        )
