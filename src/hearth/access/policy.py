"""THE access policy. Every read users see starts from `visible(...)` (or a helper
built on it) and every write asks `require(...)`, so pages, API, exports and reports
cannot disagree about who sees and does what.

A role grants permissions over a scope:
  own    - records the user owns, plus those shared with them directly
  team   - records of the user's team
  agency - records of the user's agency
  area   - records located in the user's areas or below
  all    - every record

Each kind of record registers how it reaches an owner, team, agency and area
(`register`), and which direct relations grant access whatever the role's scope
(assignment, an active referral, emergency access)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, Q
from django.utils.translation import gettext as _

from hearth.core.errors import Forbidden, NotFound

NOTHING = Q(pk__in=[])
T = TypeVar("T")


@dataclass(frozen=True)
class ScopePaths:
    owner: str | None = None  # lookup to the owning user
    team: str | None = None  # lookup to a team
    agency: str | None = None  # lookup to an agency
    area: str | None = None  # lookup to a places.Location
    # Extra grants that hold whatever the role's scope: (user, permission) -> Q | None
    direct: tuple[Callable, ...] = ()
    # The same grants read first, as lists of ids (`visible(..., listed=True)`): a
    # few more small queries, but an `OR` of the scope and literal lists lets the
    # database combine indexes where subqueries made it test every row.
    listed: tuple[Callable, ...] = ()


_registry: dict[type[models.Model], ScopePaths] = {}


def register(model: type[models.Model], paths: ScopePaths) -> None:
    _registry[model] = paths


def also_visible(model: type[models.Model], grant: Callable) -> None:
    """Let another app add a direct grant, e.g. persons seen through a visible case."""
    paths = _registry[model]
    _registry[model] = ScopePaths(
        paths.owner,
        paths.team,
        paths.agency,
        paths.area,
        (*paths.direct, grant),
        (*paths.listed, grant) if paths.listed else (),
    )


# --- the user's roles, loaded once per request ------------------------------------


def roles_of(user) -> list:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_hearth_roles", None)
    if cached is None:
        cached = list(user.roles.all())
        user._hearth_roles = cached
    return cached


def forget(user) -> None:
    """Drop cached roles (after a role change in the same request)."""
    for attr in ("_hearth_roles", "_hearth_area_paths"):
        if hasattr(user, attr):
            delattr(user, attr)


def permissions_of(user) -> set[str]:
    return {p for role in roles_of(user) for p in role.permissions}


def has_perm(user, permission: str) -> bool:
    return any(permission in role.permissions for role in roles_of(user))


def clearance_of(user) -> int:
    return max((role.clearance for role in roles_of(user)), default=0)


def area_paths(user) -> list[str]:
    cached = getattr(user, "_hearth_area_paths", None)
    if cached is None:
        cached = list(user.locations.values_list("path", flat=True))
        user._hearth_area_paths = cached
    return cached


# --- scopes ---------------------------------------------------------------------


def _scope_q(user, scope: str, paths: ScopePaths) -> Q:
    if scope == "all":
        return Q()
    if scope == "own":
        return Q(**{paths.owner: user.pk}) if paths.owner else NOTHING
    if scope == "team":
        if paths.team and user.team_id:
            return Q(**{paths.team: user.team_id})
        return _scope_q(user, "own", paths)
    if scope == "agency":
        if paths.agency and user.agency_id:
            return Q(**{paths.agency: user.agency_id})
        return _scope_q(user, "own", paths)
    if scope == "area":
        prefixes = area_paths(user)
        if not paths.area or not prefixes:
            return _scope_q(user, "own", paths)
        q = NOTHING
        for prefix in prefixes:
            q |= Q(**{f"{paths.area}__path__startswith": prefix})
        return q | _scope_q(user, "own", paths)
    raise ValueError(f"unknown scope {scope!r}")


def scope_filter(user, model: type[models.Model], permission: str, *, listed: bool = False) -> Q:
    """The Q selecting the rows of `model` on which `user` may use `permission`
    (`listed`: the direct grants as lists of ids, where the model has them)."""
    paths = _registry[model]
    granting = [role for role in roles_of(user) if permission in role.permissions]
    if not granting:
        return NOTHING
    q = NOTHING
    for grant in paths.listed if listed and paths.listed else paths.direct:
        q |= grant(user, permission) or NOTHING
    for role in granting:
        role_q = _scope_q(user, role.scope, paths)
        if not role_q:  # scope "all": nothing narrower matters
            return Q()
        q |= role_q
    return q


EVERYWHERE = ""


def area_scope(user, model: type[models.Model], permission: str) -> list[str] | None:
    """The rows of `model` `user` may use `permission` on, as area path prefixes,
    when that is exactly what they are: [EVERYWHERE] for every row (a role with
    scope "all"; rows without an area included), or the user's areas when every
    granting role has scope "area", no direct grant applies and the user owns no
    row outside those areas (area scope includes one's own rows). None when the
    scope is anything else (own, team, agency, direct grants...), so a caller can
    only ever treat a viewer as "everything under these areas" when that is true.
    Summaries kept per area are read through this."""
    paths = _registry[model]
    granting = [role for role in roles_of(user) if permission in role.permissions]
    if not granting:
        return None
    if any(role.scope == "all" for role in granting):
        return [EVERYWHERE]
    if not paths.area or any(role.scope != "area" for role in granting):
        return None
    if any(grant(user, permission) is not None for grant in paths.direct):
        return None
    prefixes = area_paths(user)
    if not prefixes:
        return None
    if paths.owner:
        within = NOTHING
        for prefix in prefixes:
            within |= Q(**{f"{paths.area}__path__startswith": prefix})
        owned = model._default_manager.filter(**{paths.owner: user.pk})
        if owned.exclude(within).exists():
            return None
    return list(prefixes)


def visible(user, model: type[models.Model], permission: str, queryset=None, *, listed=False):
    """The rows `user` may use `permission` on; a queryset to build reads on.
    `listed`: read the direct grants first (see ScopePaths.listed)."""
    qs = model._default_manager.all() if queryset is None else queryset
    q = scope_filter(user, model, permission, listed=listed)
    if q == NOTHING:
        return qs.none()
    return qs.filter(q)


# can() answers remembered inside `remembering()`; None outside it.
_remembered: ContextVar[dict | None] = ContextVar("policy_remembered", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within the block, can() asks the database once per user, permission and row.
    For reads made of many parts that each ask the same questions (the case page:
    its sections and template ask "may this user work this case?" a dozen times).
    Only around reads: a write inside could change the answers."""
    if _remembered.get() is not None:  # already inside one: share its answers
        yield
        return
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def remembered(key: tuple, read: Callable[[], T]) -> T:
    """`read()` once per key inside `remembering()` (a page's reads share what it
    found: the ids of the cases assigned to the reader, say); every call outside."""
    memo = _remembered.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def can(user, permission: str, obj: models.Model) -> bool:
    memo = _remembered.get()
    if memo is None:
        return visible(user, type(obj), permission).filter(pk=obj.pk).exists()
    key = (user.pk, permission, obj._meta.label, obj.pk)
    if key not in memo:
        memo[key] = visible(user, type(obj), permission).filter(pk=obj.pk).exists()
    return memo[key]


def can_all(user, permissions, obj: models.Model) -> None:
    """Inside `remembering()`, answer can(user, p, obj) for each of `permissions`
    in one query (one EXISTS each), for a page that will ask them all; outside
    it, nothing. The answers are the ones can() would give: the same visible sets."""
    memo = _remembered.get()
    if memo is None:
        return
    model = type(obj)
    asked = {}
    for permission in dict.fromkeys(permissions):
        key = (user.pk, permission, obj._meta.label, obj.pk)
        if key in memo:
            continue
        rows = visible(user, model, permission)
        if rows.query.is_empty():  # no role grants it: no need to ask
            memo[key] = False
        else:
            asked[key] = Exists(rows.filter(pk=obj.pk))
    if not asked:
        return
    names = {f"may_{i}": key for i, key in enumerate(asked)}
    found = (
        model._default_manager.filter(pk=obj.pk)
        .order_by()
        .values(**{name: asked[key] for name, key in names.items()})
        .first()
    )
    for name, key in names.items():
        memo[key] = bool(found and found[name])


def require(user, permission: str, obj: models.Model | None = None) -> None:
    """Raise Forbidden unless `user` may use `permission` (on `obj`, when given)."""
    allowed = has_perm(user, permission) if obj is None else can(user, permission, obj)
    if not allowed:
        raise Forbidden(_("You do not have permission to do this."))


def get_for(user, model: type[models.Model], pk, permission: str, *, seen_with=None, queryset=None):
    """Fetch one row for `user`. Missing and not visible are the same 404, so ids
    cannot be probed; visible (through `seen_with`, e.g. "person.view") but not
    allowed for `permission` is a 403."""
    seen_with = seen_with or permission
    try:
        obj = visible(user, model, seen_with, queryset).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound(_("Not found.")) from exc
    if permission != seen_with:
        require(user, permission, obj)
    return obj
