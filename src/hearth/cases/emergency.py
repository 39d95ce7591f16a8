"""Emergency access ("break glass", B4): someone whose role allows it opens a case
outside their scope by saying why. Need to know stays the rule; this is the
recorded exception for when a child cannot wait for the owner to answer.

- only with the permission "access.emergency" and a stated reason;
- read only, for "access.emergency_hours" (4 by default); then the case is
  "not found" to them again;
- the opening is an audit event, and so is every read while it lasts (marked
  "emergency_access");
- the case's caseworker and supervisors are told at once, and the case page shows
  the grant to everyone who reads it.

The case page's "Access beyond the team" section lives here too: it shows every
grant, emergency or asked for, and lets the owner and supervisors decide requests
and end access."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases import sections
from hearth.cases.models import AccessGrant, Case
from hearth.cases.notices import tell
from hearth.cases.services.access_requests import (
    active_grant,
    check_may_ask,
    clean_reason,
    grants_on,
    may_decide,
)
from hearth.cases.services.approvals import supervisors_of
from hearth.core import clock, config, writes

config.register(
    "access.emergency_hours",
    4,
    gettext_lazy("How many hours emergency access to a case outside one's scope lasts."),
)


def emergency_hours() -> int:
    hours = int(config.get("access.emergency_hours"))
    return max(1, min(hours, 72))  # a mistyped setting must not open cases for weeks


@transaction.atomic
def emergency_access_open(*, actor, case: Case, reason: str) -> AccessGrant:
    """Open a case outside the actor's scope for reading, for a few hours, with a
    reason. Audited; the case's caseworker and supervisors are told."""
    policy.require(actor, "access.emergency")
    check_may_ask(actor, case)
    reason = clean_reason(reason)
    hours = emergency_hours()
    now = clock.now()
    grant = AccessGrant(
        case=case,
        user=actor,
        kind=AccessGrant.Kind.EMERGENCY,
        status=AccessGrant.Status.GRANTED,
        reason=reason,
        decided_by=actor,
        decided_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )
    writes.create(grant, actor=actor)
    record_change(
        actor=actor,
        action="case.emergency_access",
        target=grant,
        before=None,
        detail={"hours": hours},
    )
    tell(
        [case.owner, *supervisors_of(case)],
        "emergency_access",
        lambda: (
            _("%(who)s opened case %(n)s with emergency access") % {"who": actor, "n": case.number}
        ),
        case=case,
        actor=actor,
        body=reason,
    )
    return grant


# --- the case page's section ---------------------------------------------------------


def build(user, case) -> dict:
    # Most cases are never opened beyond their team: no grant, nothing to read.
    held = sections.has(case, "access_grants")
    grants = list(grants_on(case)[:20]) if held else []
    pending = [g for g in grants if g.is_pending]
    decides = may_decide(user, case) if grants else False
    return {
        "grants": [g for g in grants if not g.is_pending],
        "pending": pending,
        "mine": active_grant(user, case) if held else None,
        "may_decide": decides,
        # Only the decision form shows it.
        "default_days": config.get("access.grant_days") if decides else None,
    }


sections.add(
    "access",
    gettext_lazy("Access beyond the team"),
    "cases/access/section.html",
    build,
    order=95,
)
sections.holds(
    "access_grants", lambda: AccessGrant.objects.filter(case=OuterRef("pk"), is_voided=False)
)
