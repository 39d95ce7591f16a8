"""The access policy's specification: for each standard role, each action on a
case and each kind of case (own, team's, agency's, in the user's area,
elsewhere), may the user do it? Asked of hearth.access.policy itself, which
every page, API endpoint, export and report asks in turn.

Actions on a case are `policy.can(user, permission, case)`. "register" and
"search" are not about one case: registering is allowed or not whatever the
case, and the limited search (A7) finds every case for whoever may search -
showing only the minimum outside the user's scope. "export" and "report" are
the cases whose records the user may export, or that count in their reports.

Read a row as: a supervisor may approve on their own and their team's cases,
nowhere else."""

import datetime as dt

import pytest

from hearth.access import policy
from hearth.cases.models import AccessGrant, CaseAssignment, Referral, ServiceType
from hearth.core import clock
from tests.access.conftest import ROLES, SCOPES

ACTIONS = {
    "view": "case.view",
    "work": "case.work",
    "refer": "case.refer",
    "transfer": "case.transfer",
    "approve": "case.approve",
    "reassign": "case.reassign",
    "supervise": "case.supervise",
    "void": "case.void",
    "register": "case.register",
    "search": "person.search",
    "export": "export.identifiable",
    "report": "report.view",
}
NOT_ABOUT_ONE_CASE = {"register", "search"}

ALL = {"own", "team", "agency", "area", "elsewhere"}
OWN = {"own"}
TEAM = {"own", "team"}
AGENCY = {"own", "team", "agency"}
AREA = {"own", "team", "area"}
NONE: set[str] = set()

SPEC: dict[str, dict[str, set[str]]] = {
    "caseworker": {
        "view": OWN, "work": OWN, "refer": OWN, "transfer": OWN,
        "approve": NONE, "reassign": NONE, "supervise": NONE, "void": NONE,
        "register": ALL, "search": ALL, "export": OWN, "report": OWN,
    },
    "supervisor": {
        "view": TEAM, "work": TEAM, "refer": TEAM, "transfer": TEAM,
        "approve": TEAM, "reassign": TEAM, "supervise": TEAM, "void": TEAM,
        "register": ALL, "search": ALL, "export": TEAM, "report": TEAM,
    },
    "manager": {
        "view": AREA, "work": NONE, "refer": NONE, "transfer": NONE,
        "approve": NONE, "reassign": AREA, "supervise": NONE, "void": NONE,
        "register": NONE, "search": ALL, "export": AREA, "report": AREA,
    },
    "administrator": dict.fromkeys(ACTIONS, NONE),
    "data_clerk": {
        "view": AGENCY, "work": NONE, "refer": NONE, "transfer": NONE,
        "approve": NONE, "reassign": NONE, "supervise": NONE, "void": NONE,
        "register": ALL, "search": ALL, "export": NONE, "report": NONE,
    },
    "auditor": {
        "view": NONE, "work": NONE, "refer": NONE, "transfer": NONE,
        "approve": NONE, "reassign": NONE, "supervise": NONE, "void": NONE,
        "register": NONE, "search": NONE, "export": NONE, "report": ALL,
    },
}  # fmt: skip


def test_the_specification_covers_every_role_and_action():
    assert set(SPEC) == set(ROLES)
    assert all(set(row) == set(ACTIONS) for row in SPEC.values())


def allowed(user, action: str, case) -> bool:
    permission = ACTIONS[action]
    if action in NOT_ABOUT_ONE_CASE:
        return policy.has_perm(user, permission)
    return policy.can(user, permission, case)


@pytest.mark.parametrize("role", ROLES)
def test_role_against_every_action_and_scope(scoped, role):
    user, cases = scoped(role)
    found = {
        action: {scope for scope in SCOPES if allowed(user, action, cases[scope])}
        for action in ACTIONS
    }
    assert found == SPEC[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_visible_set_agrees_with_can(scoped, role):
    """Lists (visible) and single reads (can) never disagree."""
    from hearth.cases.access import visible_cases
    from hearth.cases.models import Case

    user, cases = scoped(role)
    listed = set(visible_cases(user).values_list("pk", flat=True))
    for scope, case in cases.items():
        assert (case.pk in listed) == policy.can(user, "case.view", case), scope
    assert listed <= set(Case.objects.values_list("pk", flat=True))


# --- direct relations: whatever the role's scope ----------------------------------------

DIRECT: dict[str, set[str]] = {
    "assigned": {"view", "work", "refer"},
    "referred": {"view"},
    "referral_declined": NONE,
    "access_granted": {"view"},
    "access_expired": NONE,
    "access_pending": NONE,
}
CASE_ACTIONS = [a for a in ACTIONS if a not in NOT_ABOUT_ONE_CASE]


def relate(how: str, user, case, by):
    now = clock.now()
    if how == "assigned":
        CaseAssignment.objects.create(case=case, user=user, created_by=by)
    elif how.startswith("referr"):
        status = "accepted" if how == "referred" else "declined"
        Referral.objects.create(
            case=case,
            to_user=user,
            service_type=ServiceType.objects.first(),
            reason="Needs counselling",
            status=status,
        )
    else:
        status = "pending" if how == "access_pending" else "granted"
        expires = now + dt.timedelta(days=-1 if how == "access_expired" else 1)
        AccessGrant.objects.create(
            case=case, user=user, kind="requested", reason="x" * 12, status=status,
            expires_at=expires,
        )  # fmt: skip


@pytest.mark.parametrize("how", list(DIRECT))
def test_a_caseworker_directly_related_to_a_case_elsewhere(scoped, how):
    user, cases = scoped("caseworker")
    case = cases["elsewhere"]
    assert not policy.can(user, "case.view", case)
    relate(how, user, case, by=case.owner)
    found = {action for action in CASE_ACTIONS if allowed(user, action, case)}
    assert found == DIRECT[how]


def test_a_grant_gives_nothing_the_role_lacks(scoped):
    """An access grant opens a case for reading only to someone whose role reads
    case files: an administrator holding one still sees nothing."""
    user, cases = scoped("administrator")
    relate("access_granted", user, cases["elsewhere"], by=cases["elsewhere"].owner)
    assert not policy.can(user, "case.view", cases["elsewhere"])
