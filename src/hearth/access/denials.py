"""Refusals go to the audit trail too: repeated probing is itself a finding."""

from hearth.audit.models import AuditEvent
from hearth.audit.services import record


def record_denial(user, permission: str, where: str, target=None) -> None:
    record(
        actor=user,
        action="access.denied",
        target=target,
        outcome=AuditEvent.Outcome.DENIED,
        detail={"permission": permission, "path": where},
    )
