"""Asking for access to a case found in the limited search (A7), deciding, and
ending access early (B8).

A request opens nothing by itself. The case's owner, or a supervisor of the
case, grants it (read only, for a number of days) or refuses it with a reason.
Either of them, or the holder, can end a grant at any time; the case closes to
the holder at that moment. Every step is an audit event filed under the case."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases.models import AccessGrant, Case
from hearth.cases.notices import tell
from hearth.cases.services.approvals import supervisors_of
from hearth.core import clock, config, writes
from hearth.core.errors import Forbidden, NotFound, Refused
from hearth.notify import kinds

config.register(
    "access.grant_days",
    30,
    gettext_lazy(
        "How many days access to a case, granted on request, lasts unless the person "
        "granting it chooses otherwise."
    ),
)
kinds.register("access_decided", gettext_lazy("My request for access to a case was decided"))

MIN_REASON = 10  # a sentence, not "x"
MAX_GRANT_DAYS = 365


def clean_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({field: _("Say why, in a sentence: it is recorded and shown.")})
    return reason


def may_decide(actor, case: Case) -> bool:
    """The case's owner and its supervisors decide who else may read it."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.pk == case.owner_id or policy.can(actor, "case.approve", case):
        return True
    return any(s.pk == actor.pk for s in supervisors_of(case))


def _who_decides(case: Case) -> list:
    return [case.owner, *supervisors_of(case)]


def active_grant(user, case: Case) -> AccessGrant | None:
    """The user's unexpired grant on this case, if any."""
    return (
        AccessGrant.objects.filter(
            case=case,
            user=user,
            status=AccessGrant.Status.GRANTED,
            expires_at__gt=clock.now(),
            is_voided=False,
        )
        .order_by("-expires_at")
        .first()
    )


def read_detail(actor, case: Case) -> dict:
    """What the audit event of a case read adds when the reader holds a grant:
    every read under emergency access is marked as such (B4)."""
    grant = active_grant(actor, case) if getattr(actor, "is_authenticated", False) else None
    if grant is None:
        return {}
    key = "emergency_access" if grant.kind == AccessGrant.Kind.EMERGENCY else "access_grant"
    return {key: str(grant.pk)[:8]}


def check_may_ask(actor, case: Case) -> None:
    if not policy.has_perm(actor, "case.view"):
        raise Refused(_("Your role does not read case files, so access cannot be given to you."))
    if case.is_voided:
        raise NotFound(_("Not found."))
    if policy.can(actor, "case.view", case):
        raise Refused(_("You can already open this case."))


@transaction.atomic
def access_request(*, actor, case: Case, reason: str) -> AccessGrant:
    """Ask for access to a case outside one's scope, saying why (A7). The owner and
    the case's supervisors are told; the case stays closed until one grants it."""
    policy.require(actor, "person.search")
    check_may_ask(actor, case)
    reason = clean_reason(reason)
    if AccessGrant.objects.filter(case=case, user=actor, status="pending").exists():
        raise Refused(_("You have already asked for access to this case."))
    grant = AccessGrant(
        case=case, user=actor, kind=AccessGrant.Kind.REQUESTED, reason=reason, status="pending"
    )
    writes.create(grant, actor=actor)
    record_change(actor=actor, action="case.access_request", target=grant, before=None)
    tell(
        _who_decides(case),
        "access_request",
        lambda: _("%(who)s asks to read case %(n)s") % {"who": actor, "n": case.number},
        case=case,
        actor=actor,
        body=reason,
        # The list of requests, where every decider (a supervisor of the agency
        # too, who may not open the case) finds the decision form.
        link=reverse("cases:access_requests"),
    )
    return grant


@transaction.atomic
def access_request_decide(
    *, actor, grant: AccessGrant, approve: bool, comment: str = "", days: int | None = None
) -> AccessGrant:
    """The owner or a supervisor of the case grants read-only access for `days`
    (default: the configured access.grant_days) or refuses, saying why. The person
    who asked is told either way."""
    case = grant.case
    if not may_decide(actor, case):
        raise Forbidden(_("Only the case's caseworker or a supervisor of the case decides this."))
    if grant.status != AccessGrant.Status.PENDING:
        raise Refused(_("This request has already been decided."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why access is refused.")})
    days = int(days or config.get("access.grant_days"))
    if approve and not 1 <= days <= MAX_GRANT_DAYS:
        raise ValidationError(
            {"days": _("Choose between 1 and %(n)s days.") % {"n": MAX_GRANT_DAYS}}
        )
    before = writes.snapshot(grant)
    now = clock.now()
    grant.status = AccessGrant.Status.GRANTED if approve else AccessGrant.Status.REFUSED
    grant.decided_by, grant.decided_at, grant.decision_comment = actor, now, comment
    grant.expires_at = now + dt.timedelta(days=days) if approve else None
    writes.update(grant, actor=actor)
    record_change(
        actor=actor,
        action="case.access_grant" if approve else "case.access_refuse",
        target=grant,
        before=before,
        detail={"days": days} if approve else None,
    )
    until = grant.expires_at
    if approve:

        def title():
            return _("You may read case %(n)s until %(d)s") % {
                "n": case.number,
                "d": formats.date_format(until, "SHORT_DATE_FORMAT"),
            }

        tell(grant.user, "access_decided", title, case=case, actor=actor, body=comment)
    else:
        tell(
            grant.user,
            "access_decided",
            lambda: _("Your request to read case %(n)s was refused") % {"n": case.number},
            actor=actor,
            body=comment,
            link=reverse("cases:access_requests"),
        )
    return grant


@transaction.atomic
def access_request_withdraw(*, actor, grant: AccessGrant) -> AccessGrant:
    """The person who asked takes the request back before it is decided."""
    if grant.user_id != actor.pk:
        raise NotFound(_("Not found."))
    if grant.status != AccessGrant.Status.PENDING:
        raise Refused(_("This request has already been decided."))
    before = writes.snapshot(grant)
    grant.status = AccessGrant.Status.WITHDRAWN
    grant.ended_by, grant.ended_at = actor, clock.now()
    writes.update(grant, actor=actor)
    record_change(actor=actor, action="case.access_withdraw", target=grant, before=before)
    return grant


@transaction.atomic
def access_grant_end(*, actor, grant: AccessGrant, reason: str = "") -> AccessGrant:
    """End a grant now (B8): its holder loses access to the case at once. The
    holder may end their own; the owner or a supervisor of the case, with a reason."""
    own = grant.user_id == actor.pk
    if not own and not may_decide(actor, grant.case):
        raise Forbidden(_("Only the case's caseworker or a supervisor of the case can do this."))
    if not grant.is_active:
        raise Refused(_("This access has already ended."))
    reason = (reason or "").strip()
    if not own and not reason:
        raise ValidationError({"reason": _("Say why the access ends.")})
    before = writes.snapshot(grant)
    grant.status = AccessGrant.Status.REVOKED
    grant.ended_by, grant.ended_at, grant.end_reason = actor, clock.now(), reason
    writes.update(grant, actor=actor)
    record_change(actor=actor, action="case.access_end", target=grant, before=before)
    if not own:
        number = grant.case.number
        tell(
            grant.user,
            "access_decided",
            lambda: _("Your access to case %(n)s was ended") % {"n": number},
            actor=actor,
            body=reason,
            link=reverse("cases:access_requests"),
        )
    return grant


# --- reads -------------------------------------------------------------------------


def grant_for(user, pk) -> AccessGrant:
    """A grant or request for its holder or for someone who decides on its case;
    NotFound for anyone else, as for a missing one."""
    grant = (
        AccessGrant.objects.filter(pk=pk, is_voided=False)
        .select_related("case", "case__owner", "case__agency", "user")
        .first()
        if _is_uuid(pk)
        else None
    )
    if grant is None or not (grant.user_id == user.pk or may_decide(user, grant.case)):
        raise NotFound(_("Not found."))
    return grant


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def requests_to_decide(user) -> list[AccessGrant]:
    """Pending requests on cases this user decides about, oldest first."""
    pending = AccessGrant.objects.filter(
        status=AccessGrant.Status.PENDING, is_voided=False
    ).select_related("case", "case__child", "case__location", "case__owner", "case__agency", "user")
    mine = pending.filter(case__owner=user)
    if policy.has_perm(user, "case.approve") and user.agency_id:
        mine = mine | pending.filter(case__agency_id=user.agency_id)
    return [g for g in mine.distinct().order_by("created_at") if may_decide(user, g.case)]


def requests_of(user):
    """The user's own requests and grants, newest first."""
    return (
        AccessGrant.objects.filter(user=user, is_voided=False)
        .select_related(
            "case", "case__child", "case__location", "case__owner", "case__agency", "decided_by"
        )
        .order_by("-created_at")
    )


def grants_on(case: Case):
    """Everyone given access to this case beyond its team, newest first."""
    return (
        AccessGrant.objects.filter(case=case, is_voided=False)
        .exclude(status__in=[AccessGrant.Status.WITHDRAWN])
        .select_related("user", "user__agency", "decided_by", "ended_by")
        .order_by("-created_at")
    )
