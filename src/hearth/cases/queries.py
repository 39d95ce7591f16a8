"""Every case read users see, starting from the access policy's visible set."""

from django.contrib.auth import get_user_model
from django.db.models import Case as Choose
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from hearth.access import policy
from hearth.cases.access import assigned_case_ids, visible_cases
from hearth.cases.models import Case
from hearth.cases.overdue import case_q as overdue_q
from hearth.core.errors import NotFound
from hearth.registry.models import PersonIdentifier
from hearth.registry.names import identifier_key, tokens

# High risk first, then medium, then low.
RISK_RANK = Choose(
    When(risk_level="high", then=Value(0)),
    When(risk_level="medium", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
SORTS = {
    "next_due": ("next_due_on", "-registration_date"),
    "newest": ("-registration_date", "-number"),
    "number": ("number",),
    "risk": ("risk_rank", "next_due_on"),
}


def case_list(
    user,
    *,
    scope: str = "mine",
    status: str = "",
    risk: str = "",
    text: str = "",
    sort: str = "next_due",
    include_closed: bool = False,
    owner=None,
    overdue: str = "",
    unassigned: bool = False,
) -> QuerySet[Case]:
    """The case list: the user's own cases ("mine"), their team's ("team") or every
    case they may see ("all"), filtered and sorted. Two queries per page (rows and
    count, and the user's assignments for "mine") whatever its size.

    The team view links here with `owner` (a worker's id), `overdue` ("1" for
    anything, or a kind: see cases.overdue) and `unassigned` (nobody works it)."""
    qs = visible_cases(user)
    if scope == "mine":
        qs = qs.filter(own_q(user))
    elif scope == "team" and user.team_id:
        qs = qs.filter(team_id=user.team_id)
    if status:
        qs = qs.filter(status=status)
    elif not include_closed:
        qs = qs.exclude(status=Case.Status.CLOSED)
    if risk:
        qs = qs.filter(risk_level=risk)
    if text.strip():
        qs = qs.filter(matching(text))
    if owner:
        qs = qs.filter(owner_id=owner)
    if overdue:
        qs = qs.filter(overdue_q(overdue))
    if unassigned:
        qs = qs.filter(unassigned_q())
    if sort == "risk":
        qs = qs.annotate(risk_rank=RISK_RANK)
    order = SORTS.get(sort, SORTS["next_due"])
    return qs.select_related("child", "owner", "location").order_by(*order, "pk")


def own_q(user) -> Q:
    """The user's own cases: owned, or assigned to them. The (few) assignments are
    read first, so the database starts from the owner's index (owner, status, next
    due) instead of testing each of the cases it holds against an OR."""
    assigned = assigned_case_ids(user)
    return Q(owner=user) | Q(pk__in=assigned) if assigned else Q(owner=user)


def unassigned_q() -> Q:
    from hearth.cases.team import unassigned_q as nobody_works

    return nobody_works()


def matching(text: str) -> Q:
    """A case number, the child's names (word starts, any script), or an identifier."""
    q = Q(number__iexact=text.strip())
    words = tokens(text)
    if words:
        by_name = Q()
        for word in words:
            by_name &= Q(child__search_name__contains=f" {word}")
        q |= by_name
    key = identifier_key(text)
    if len(key) >= 3:
        q |= Q(
            Exists(
                PersonIdentifier.objects.filter(
                    person=OuterRef("child_id"), key=key, is_voided=False
                )
            )
        )
    return q


def case_for(user, pk, permission: str = "case.view") -> Case:
    """One case for its page, or NotFound (missing and invisible alike)."""
    qs = (
        Case.objects.filter(is_voided=False)
        # Not the case this one duplicates: joining the cases table a second time
        # made PostgreSQL plan the query for longer (about 3 ms) than it takes to run;
        # the few duplicates read it when shown.
        .select_related("child", "child__location", "owner", "team", "agency", "location")
        .prefetch_related("concerns")
    )
    return policy.get_for(user, Case, pk, permission, seen_with="case.view", queryset=qs)


def case_by_number(user, number: str) -> Case:
    pk = (
        visible_cases(user)
        .filter(number__iexact=number.strip())
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise NotFound("Not found.")
    return case_for(user, pk)


def assignable_workers(user):
    """Caseworkers `user` may give a case to: a supervisor their team; a manager or
    a data clerk their agency; a caseworker only themself."""
    users = get_user_model().objects
    if policy.has_perm(user, "case.approve") and user.team_id:
        pool = users.filter(team_id=user.team_id)
    elif policy.has_perm(user, "case.reassign") or not policy.has_perm(user, "case.work"):
        pool = users.filter(agency_id=user.agency_id)
    else:
        pool = users.filter(pk=user.pk)
    pool = pool.filter(is_active=True).prefetch_related("roles")
    ids = [u.pk for u in pool if policy.has_perm(u, "case.work")]
    return users.filter(pk__in=ids).order_by("first_name", "last_name")
