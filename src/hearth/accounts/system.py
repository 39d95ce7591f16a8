"""The actor for work started from the command line or a scheduled job.

Commands are run by whoever operates the server, who can reach the database
anyway; giving them a named actor keeps every change attributed in the audit
trail. The account cannot sign in (no usable password)."""

from django.utils.translation import gettext_lazy as _

from hearth.access.permissions import PERMISSIONS
from hearth.accounts.models import Role, User

SYSTEM_USERNAME = "hearth-system"
SYSTEM_ROLE = "system"


def system_user() -> User:
    role, _created = Role.objects.update_or_create(
        code=SYSTEM_ROLE,
        defaults={
            "name": _("System (commands and scheduled jobs)"),
            "permissions": sorted(PERMISSIONS),
            "scope": Role.Scope.ALL,
            "clearance": 3,
        },
    )
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "Hearth", "last_name": "system"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.roles.add(role)
    return user
