"""How cases fall under the access policy, and how sensitive their fields are.

A case is open to its owner, to workers assigned to it, to the recipients of an
active referral or of a pending transfer, and to those whose role's scope covers
it (team, agency, area).
People are open to whoever may open a case about them or their family."""

import functools

from django.db.models import Exists, OuterRef, Q

from hearth.access import policy
from hearth.access.sensitivity import Level, declare
from hearth.cases.models import AccessGrant, Case, CaseAssignment, Referral, Transfer, WorkItem
from hearth.core import clock
from hearth.registry.models import HouseholdMember, Person, Relationship

# What a direct relation to a case lets someone do, whatever their role's scope.
ASSIGNED_MAY = {
    "case.view",
    "case.work",
    "case.refer",
    "case.close",
    "care.view",
    "care.manage",
    "tracing.manage",
}
REFERRED_MAY = {"case.view", "care.view"}
# An access grant (asked for from the limited search, or emergency access) only
# lets its holder read the case, and only until it expires or is ended.
GRANTED_MAY = {"case.view", "care.view"}


# The direct grants are `id IN (subquery)`, not EXISTS: ORed with a role's scope,
# a correlated EXISTS is run once per case (no index can serve it), while an IN list
# is read once and combined with the scope's index. Same rows either way; see
# docs/performance.md. `field` names the case on other rows (open work items);
# `listed` reads the ids first (see policy.ScopePaths.listed).


def _cases(rows, field: str, listed: bool, key: tuple) -> Q:
    """The cases of `rows` as `field IN ...`: a subquery, or (`listed`) the ids read
    first, once per page for the same `key` (see policy.remembered)."""
    if listed:
        ids = policy.remembered(key, lambda: list(rows.values_list("case_id", flat=True)))
        return Q(**{f"{field}__in": ids})
    return Q(**{f"{field}__in": rows.values("case_id")})


def _assignments(user):
    return CaseAssignment.objects.filter(user=user, ended_at__isnull=True, is_voided=False)


def assigned_case_ids(user) -> list:
    """The cases assigned to `user` now: few, read first so that a read of the
    user's own cases can start from the owner's index (read once per page)."""
    return policy.remembered(
        ("assigned", user.pk), lambda: list(_assignments(user).values_list("case_id", flat=True))
    )


def addressed_to(user, answers_for_agency: str) -> Q:
    """Requests (referrals, transfers) to `user`, and to their agency when they may
    answer for it (the permission `answers_for_agency`)."""
    to_me = Q(to_user=user)
    if user.agency_id and policy.has_perm(user, answers_for_agency):
        to_me |= Q(to_agency_id=user.agency_id)
    return to_me


def _assigned_or_referred(user, permission, field="pk", listed=False):
    q = None
    if permission in ASSIGNED_MAY:
        q = _cases(_assignments(user), field, listed, ("assigned", user.pk))
    if permission in REFERRED_MAY:
        referred = _cases(
            Referral.objects.filter(
                addressed_to(user, "referral.respond"),
                status__in=Referral.ACTIVE,
                is_voided=False,
            ),
            field,
            listed,
            ("referred", user.pk),
        )
        q = referred if q is None else q | referred
    return q


def _transfer_pending_to(user, permission, field="pk", listed=False):
    """The recipient of a pending transfer may read the case before answering: the
    named worker, or the people of the receiving agency who can reassign cases."""
    if permission != "case.view":
        return None
    return _cases(
        Transfer.objects.filter(
            addressed_to(user, "case.reassign"),
            status=Transfer.Status.PENDING,
            is_voided=False,
        ),
        field,
        listed,
        ("transferring", user.pk),
    )


def _granted(user, permission, field="pk", listed=False):
    if permission not in GRANTED_MAY:
        return None
    return _cases(
        AccessGrant.objects.filter(
            user=user,
            status=AccessGrant.Status.GRANTED,
            expires_at__gt=clock.now(),
            is_voided=False,
        ),
        field,
        listed,
        ("granted", user.pk),
    )


GRANTS = (_assigned_or_referred, _transfer_pending_to, _granted)


def _each(field: str, listed: bool) -> tuple:
    return tuple(functools.partial(grant, field=field, listed=listed) for grant in GRANTS)


policy.register(
    Case,
    policy.ScopePaths(
        owner="owner",
        team="team",
        agency="agency",
        area="location",
        direct=GRANTS,
        listed=_each("pk", listed=True),
    ),
)
# A case's open work items are open to whoever may see the case: they carry its
# owner and team (kept with it), and reach its agency and area through it.
policy.register(
    WorkItem,
    policy.ScopePaths(
        owner="owner",
        team="team",
        agency="case__agency",
        area="case__location",
        direct=_each("case_id", listed=False),
        listed=_each("case_id", listed=True),
    ),
)

# People are reached through the cases about them.
PERSON_THROUGH_CASE = {"person.view": "case.view", "person.edit": "case.work"}


def _people_of_open_cases(user, permission):
    case_permission = PERSON_THROUGH_CASE.get(permission)
    if case_permission is None:
        return None
    cases = policy.visible(user, Case, case_permission).values("child_id")
    children = Q(pk__in=cases)
    relatives = Q(
        Exists(
            Relationship.objects.filter(relative=OuterRef("pk"), person__in=cases, is_voided=False)
        )
    )
    household = Q(
        Exists(
            HouseholdMember.objects.filter(
                person=OuterRef("pk"), is_voided=False, household__members__person__in=cases
            )
        )
    )
    return children | relatives | household


policy.also_visible(Person, _people_of_open_cases)


def visible_cases(user, permission: str = "case.view", *, listed: bool = False):
    """The cases `user` may use `permission` on, voided ones excluded (`listed`:
    the direct grants read first as id lists, see policy.ScopePaths.listed)."""
    return policy.visible(user, Case, permission, listed=listed).filter(is_voided=False)


def visible_work(user, permission: str = "case.view"):
    """The open work items of the cases `user` may use `permission` on."""
    return policy.visible(user, WorkItem, permission, listed=True)


declare("cases.case", summary=Level.SENSITIVE, identified_by=Level.IDENTIFYING)
declare(
    "cases.consentrecord",
    given_by_name=Level.IDENTIFYING,
    child_views=Level.SENSITIVE,
    override_reason=Level.SENSITIVE,
)
declare("cases.casenote", text=Level.SENSITIVE)
declare(
    "cases.followup",
    observations=Level.SENSITIVE,
    who_seen=Level.IDENTIFYING,
    action_needed=Level.SENSITIVE,
)
declare(
    "cases.casereview",
    child_views=Level.SENSITIVE,
    progress=Level.SENSITIVE,
    decisions=Level.SENSITIVE,
    participants=Level.IDENTIFYING,
)
declare("cases.closure", summary=Level.SENSITIVE)
declare(
    "cases.referral",
    reason=Level.SENSITIVE,
    feedback=Level.SENSITIVE,
    decline_reason=Level.SENSITIVE,
    revoked_reason=Level.SENSITIVE,
    consent_override_reason=Level.SENSITIVE,
)
declare(
    "cases.transfer",
    reason=Level.SENSITIVE,
    decline_reason=Level.SENSITIVE,
    consent_override_reason=Level.SENSITIVE,
)
declare("cases.courtinvolvement", file_number=Level.SENSITIVE, notes=Level.SENSITIVE)
declare("cases.hearing", outcome=Level.SENSITIVE)
declare("cases.legalorder", terms=Level.SENSITIVE)
declare("cases.goal", description=Level.SENSITIVE)
declare("cases.planaction", description=Level.SENSITIVE)
declare("cases.service", notes=Level.SENSITIVE, cancel_reason=Level.SENSITIVE)
