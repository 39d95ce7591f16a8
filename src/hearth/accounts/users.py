"""Managing the people who sign in (permission "user.manage"): creating them with
their agency, team, areas and roles and a one-time password, changing them,
deactivating and reactivating, resetting a password. Nobody is ever deleted: a
person who leaves is deactivated, and what they did stays attributed to them.

Rules beyond the permission:
- an administrator reaches only the users their role's scope covers (an agency's
  administrator, that agency's users) and cannot move one out of their reach;
- nobody changes their own roles or deactivates themselves;
- the system account and the system role are never shown nor given;
- no change may leave Hearth without an active person who manages users and roles.

Each change is an audit event with the account's facts before and after; never a
password."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.access.services import someone_still_manages
from hearth.accounts.models import ApiToken, Role, User
from hearth.accounts.system import SYSTEM_ROLE, SYSTEM_USERNAME
from hearth.audit.services import record
from hearth.core import clock, writes
from hearth.core.errors import Forbidden, Refused

DETAIL_FIELDS = ("first_name", "last_name", "email", "phone", "language", "agency", "team")
# Letters and digits that cannot be misread over the phone (no 0/o, 1/l/i).
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def one_time_password() -> str:
    """Four groups of four, e.g. "k7pm-2wqe-9xah-c3tn": about 79 bits, easy to
    read out. Good for one sign-in: the person must then choose their own."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(4))


def facts(user: User) -> dict:
    """What the audit trail keeps of an account: no password, no secrets."""
    out = writes.snapshot(
        user,
        fields=["username", *DETAIL_FIELDS, "is_active", "must_change_password"],
    )
    if user.pk:
        out["roles"] = sorted(user.roles.values_list("code", flat=True))
        out["areas"] = sorted(user.locations.values_list("code", flat=True))
    return out


def assignable_roles():
    return Role.objects.exclude(code=SYSTEM_ROLE).order_by("name")


def users_for(actor):
    """The accounts `actor` manages: by their role's scope; the system account never."""
    return policy.visible(actor, User, "user.manage").exclude(username=SYSTEM_USERNAME)


def user_for(actor, pk) -> User:
    return policy.get_for(actor, User, pk, "user.manage", queryset=users_for(actor))


def _check_roles(roles) -> list[Role]:
    roles = list(roles or [])
    if any(r.code == SYSTEM_ROLE for r in roles):
        raise ValidationError({"roles": _("This role cannot be given to a person.")})
    return roles


def _check_team(agency, team) -> None:
    if team is not None and (agency is None or team.agency_id != agency.pk):
        raise ValidationError({"team": _("Choose a team of the person's agency.")})


def _check_reach(actor, user: User) -> None:
    if not users_for(actor).filter(pk=user.pk).exists():
        raise Forbidden(
            _("You can only manage users of your own agency or team; ask an administrator.")
        )


def _set(user: User, fields: dict) -> None:
    for name in DETAIL_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(user, name, "" if value is None and name not in ("agency", "team") else value)


def _audit(actor, action: str, user: User, before: dict, detail: dict | None = None) -> None:
    record(
        actor=actor,
        action=action,
        target=user,
        changes=writes.changes(before, facts(user)),
        detail=detail,
    )


@transaction.atomic
def user_create(*, actor, username: str, roles=(), areas=(), **fields) -> tuple[User, str]:
    """Create an account with a one-time password, returned to show once. The
    person must change it when they first sign in."""
    policy.require(actor, "user.manage")
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    roles = _check_roles(roles)
    _check_team(fields.get("agency"), fields.get("team"))
    user = User(username=username, must_change_password=True)
    _set(user, fields)
    password = one_time_password()
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.roles.set(roles)
    user.locations.set(list(areas or []))
    _check_reach(actor, user)
    _audit(actor, "user.create", user, {})
    return user, password


@transaction.atomic
def user_update(*, actor, user: User, roles=None, areas=None, **fields) -> User:
    """Change an account's details, agency, team, areas and (for someone else) roles."""
    policy.require(actor, "user.manage", user)
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = facts(user)
    _set(user, fields)
    _check_team(user.agency, user.team)
    user.full_clean(exclude=["password"])
    if roles is not None:
        roles = _check_roles(roles)
        if user.pk == actor.pk and {r.code for r in roles} != set(before["roles"]):
            raise Refused(_("You cannot change your own roles; another administrator must."))
    user.save()
    if roles is not None:
        user.roles.set(roles)
    if areas is not None:
        user.locations.set(list(areas))
    policy.forget(user)
    _check_reach(actor, user)
    someone_still_manages()
    _audit(actor, "user.update", user, before)
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User, reason: str) -> User:
    """The person can no longer sign in, and their API tokens are revoked. Their
    account, cases and history stay (reassign their cases separately)."""
    policy.require(actor, "user.manage", user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, e.g. “left the agency”.")})
    if user.pk == actor.pk:
        raise Refused(_("You cannot deactivate yourself."))
    if not user.is_active:
        raise Refused(_("This account is already deactivated."))
    before = facts(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
    someone_still_manages()
    _audit(actor, "user.deactivate", user, before, {"reason": reason, "tokens_revoked": revoked})
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User) -> User:
    policy.require(actor, "user.manage", user)
    if user.is_active:
        raise Refused(_("This account is already active."))
    before = facts(user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    _audit(actor, "user.reactivate", user, before)
    return user


@transaction.atomic
def user_password_reset(*, actor, user: User) -> str:
    """A new one-time password (returned to show once); the old one stops working
    and the person chooses their own at their next sign-in."""
    policy.require(actor, "user.manage", user)
    if user.pk == actor.pk:
        raise Refused(_("Change your own password on your account page."))
    if not user.is_active:
        raise Refused(_("Reactivate the account first."))
    before = facts(user)
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _audit(actor, "user.password_reset", user, before)
    return password


def password_spent(user: User) -> None:
    """The person chose their own password: the one-time one is spent."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
