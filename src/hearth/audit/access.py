"""The audit trail under the access policy: a role with "audit.view" and scope
"all" (the auditor) searches every event; a narrower scope sees only the
events its holder caused."""

from hearth.access import policy
from hearth.audit.models import AuditEvent

policy.register(AuditEvent, policy.ScopePaths(owner="actor_id"))
