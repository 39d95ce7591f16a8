"""Every view declares what it needs: a named permission, only a signed-in user, or
nothing (public). A test walks every route and fails on a view that declares none."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from hearth.access import policy

PUBLIC = "public"
SIGNED_IN = "signed-in"


def _mark(view, need: str):
    view.access_needs = need
    return view


def public(view):
    return _mark(view, PUBLIC)


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, SIGNED_IN)


def requires(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not policy.has_perm(request.user, permission):
                from hearth.access.denials import record_denial

                record_denial(request.user, permission, request.path)
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        return _mark(wrapper, permission)

    return decorator


def minimum_only(view):
    """Mark a page or endpoint that answers about cases beyond the reader's scope,
    showing only the minimum facts of the limited search (A7). The tests that walk
    every route with an out-of-scope case check these for leaks instead of
    expecting "not found". Put it above @requires / @api_requires."""
    view.minimum_only = True
    return view


def api_requires(permission: str):
    """The API twin of `requires`: the endpoint needs `permission`; a read-only
    token may only read."""

    def decorator(endpoint):
        @wraps(endpoint)
        def wrapper(request, *args, **kwargs):
            from hearth.access.denials import record_denial
            from hearth.core.errors import Forbidden

            token = getattr(request.user, "api_token", None)
            if token is not None and token.read_only and request.method not in ("GET", "HEAD"):
                record_denial(request.user, permission, request.path)
                raise Forbidden("This token is read-only.")
            if not policy.has_perm(request.user, permission):
                record_denial(request.user, permission, request.path)
                raise Forbidden("Your role does not allow this.")
            return endpoint(request, *args, **kwargs)

        return _mark(wrapper, permission)

    return decorator


def reads_only(view):
    """Mark a page that only reads: its parts share the policy's answers and the
    ids they read first (`policy.remembering`), so a page of many reads (the task
    list, the team view) asks each once. Never on a view that writes. Put it below
    @requires, so the access_needs mark stays on the outside."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with policy.remembering():
            return view(request, *args, **kwargs)

    return wrapper
