"""Notifications made through the service, as other apps make them."""

from hearth.notify import services


def tell(recipients, actor=None, **extra):
    values = {"kind": "assignment", "title": "Case CP-2026-000001 was assigned to you"}
    values.update(extra)
    return services.notify(recipients=recipients, actor=actor, **values)
