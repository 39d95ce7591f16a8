"""Administrators' changes to the access policy's configuration (B4, B5): roles -
their permissions, scope, clearance and caseload limits - and the sensitivity
levels of fields and form questions. Each change is a configuration audit event
with the values before and after.

Two rules keep an administrator from widening their own rights unseen:
- nobody widens a role they hold themselves (more permissions, another scope, a
  higher clearance, no more two-factor sign-in); another administrator must;
- no change may leave Hearth without an active person who can manage roles and
  users."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy, sensitivity
from hearth.access.models import FieldSensitivity
from hearth.audit.services import record
from hearth.core import writes
from hearth.core.errors import NotFound, Refused

ROLE_FIELDS = (
    "name",
    "description",
    "permissions",
    "scope",
    "clearance",
    "requires_2fa",
    "caseload_recommended",
    "caseload_max",
)
KEEPERS = ("role.manage", "user.manage")


def _role_facts(role) -> dict:
    facts = writes.snapshot(role, fields=["code", *ROLE_FIELDS])
    facts["permissions"] = sorted(facts.get("permissions") or [])
    return facts


def _widens(before: dict, after: dict) -> bool:
    return (
        bool(set(after["permissions"]) - set(before["permissions"]))
        or (after["scope"] != before["scope"] and after["scope"] != "own")
        or after["clearance"] > before["clearance"]
        or (before["requires_2fa"] and not after["requires_2fa"])
    )


def someone_still_manages() -> None:
    """Refuse a change that would leave nobody able to manage roles and users."""
    from hearth.accounts.models import Role, User
    from hearth.accounts.system import SYSTEM_ROLE, SYSTEM_USERNAME

    people = User.objects.filter(is_active=True).exclude(username=SYSTEM_USERNAME)
    roles = list(Role.objects.exclude(code=SYSTEM_ROLE))  # a handful: read them all
    for permission in KEEPERS:
        granting = [r.pk for r in roles if permission in (r.permissions or [])]
        if not people.filter(roles__in=granting).exists():
            raise Refused(
                _("This would leave nobody able to use “%(p)s”. Give it to someone else first.")
                % {"p": permission}
            )


def _check_role(role) -> None:
    errors = {}
    if not 0 <= int(role.clearance) <= 3:
        errors["clearance"] = _("Choose a level from 0 (basic) to 3 (restricted).")
    recommended, most = role.caseload_recommended, role.caseload_max
    if recommended is not None and most is not None and recommended > most:
        errors["caseload_recommended"] = _("The recommended caseload is above the maximum.")
    if errors:
        raise ValidationError(errors)


def _system_role(code: str) -> bool:
    from hearth.accounts.system import SYSTEM_ROLE

    return code == SYSTEM_ROLE


@transaction.atomic
def role_create(*, actor, code: str, **fields):
    """A new role, e.g. a "district coordinator" between supervisor and manager."""
    from hearth.accounts.models import Role

    policy.require(actor, "role.manage")
    code = (code or "").strip()
    if _system_role(code) or Role.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A role with this code exists already.")})
    role = Role(code=code, **{k: v for k, v in fields.items() if k in ROLE_FIELDS})
    role.permissions = sorted(set(role.permissions or []))
    _check_role(role)
    role.full_clean()
    role.save()
    record(
        actor=actor,
        action="config.role_create",
        target=role,
        changes=writes.changes({}, _role_facts(role)),
    )
    return role


@transaction.atomic
def role_update(*, actor, role, **fields):
    """Change a role. Every holder's rights change with it at their next request."""
    policy.require(actor, "role.manage")
    if _system_role(role.code):
        raise NotFound(_("Not found."))
    unknown = set(fields) - set(ROLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = _role_facts(role)
    for name, value in fields.items():
        setattr(role, name, value)
    role.permissions = sorted(set(role.permissions or []))
    _check_role(role)
    role.full_clean()
    after = _role_facts(role)
    if role.users.filter(pk=actor.pk).exists() and _widens(before, after):
        raise Refused(
            _(
                "You hold this role, so you cannot widen it yourself: ask another "
                "administrator to make this change."
            )
        )
    role.save()
    someone_still_manages()
    diff = writes.changes(before, after)
    if diff:
        added = sorted(set(after["permissions"]) - set(before["permissions"]))
        removed = sorted(set(before["permissions"]) - set(after["permissions"]))
        record(
            actor=actor,
            action="config.role_update",
            target=role,
            changes=diff,
            detail={"added": added, "removed": removed} if added or removed else None,
        )
    return role


# --- field sensitivity ---------------------------------------------------------------


def _known(model_label: str, field: str) -> int:
    """The default level of a field or form question; ValidationError if there is
    no such field."""
    from hearth.access.fields import row_for

    row = row_for(model_label, field)
    if row is None:
        raise ValidationError({"field": _("There is no such field.")})
    return row.default


@transaction.atomic
def field_sensitivity_set(*, actor, model_label: str, field: str, level: int):
    """Set how sensitive a field (or form question) is, for every reader at once (B5)."""
    policy.require(actor, "role.manage")
    default = _known(model_label, field)
    level = int(level)
    if level not in sensitivity.LEVEL_NAMES:
        raise ValidationError({"level": _("Choose a level from 0 (basic) to 3 (restricted).")})
    row = FieldSensitivity.objects.filter(model_label=model_label, field=field).first()
    before = row.level if row else default
    if row is None:
        row = FieldSensitivity(model_label=model_label, field=field, level=level)
    row.level = level
    row.full_clean()
    row.save()
    sensitivity.forget_overrides()
    record(
        actor=actor,
        action="config.field_sensitivity",
        target=row,
        changes={"level": [before, level]} if before != level else None,
        detail={"record_type": model_label, "field": field, "default": default},
    )
    return row


@transaction.atomic
def field_sensitivity_reset(*, actor, model_label: str, field: str) -> None:
    """Go back to the level declared in code (or in the form)."""
    policy.require(actor, "role.manage")
    default = _known(model_label, field)
    row = FieldSensitivity.objects.filter(model_label=model_label, field=field).first()
    if row is None:
        return
    before = row.level
    # The override is configuration, not a record about anyone: removing it is the
    # way back to the default, and the audit event keeps what it was.
    row.delete()
    sensitivity.forget_overrides()
    record(
        actor=actor,
        action="config.field_sensitivity",
        object_type="access.fieldsensitivity",
        object_label=f"{model_label}.{field}",
        changes={"level": [before, default]},
        detail={"record_type": model_label, "field": field, "default": default, "reset": True},
    )
