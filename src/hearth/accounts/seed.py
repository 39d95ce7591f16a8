"""Standard roles for a new installation. Created when missing after every
migrate; an administrator's later edits are never overwritten."""

from hearth.access.permissions import STANDARD_ROLES


def ensure_standard_roles(**kwargs) -> None:
    from hearth.accounts.models import Role

    for code, spec in STANDARD_ROLES.items():
        Role.objects.get_or_create(
            code=code,
            defaults={
                "name": str(spec["name"]),
                "permissions": list(spec["permissions"]),
                "scope": spec["scope"],
                "clearance": spec["clearance"],
                "requires_2fa": spec.get("requires_2fa", False),
                "caseload_recommended": spec.get("caseload_recommended"),
                "caseload_max": spec.get("caseload_max"),
            },
        )
