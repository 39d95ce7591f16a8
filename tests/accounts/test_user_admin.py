"""User management (user.manage): accounts are created with a one-time password,
changed, deactivated and reactivated, never deleted; every change is audited
without passwords; administrators cannot give themselves rights."""

import pytest
from django.core.exceptions import ValidationError

from hearth.access import policy
from hearth.accounts import tokens, users
from hearth.accounts.models import ApiToken, Role, User
from hearth.accounts.system import system_user
from hearth.audit.models import AuditEvent
from hearth.core.errors import Forbidden, NotFound, Refused
from tests.conftest import make_user


def roles(*codes):
    return list(Role.objects.filter(code__in=codes))


@pytest.fixture
def new_worker(administrator, agencies, places):
    return users.user_create(
        actor=administrator,
        username="grace",
        first_name="Grace",
        last_name="Auma",
        email="grace@example.org",
        agency=agencies["gov"],
        team=agencies["north_team"],
        areas=[places["north"]],
        roles=roles("caseworker"),
    )


def test_create_with_a_one_time_password(new_worker, agencies):
    user, password = new_worker
    assert user.must_change_password and user.is_active
    assert user.agency == agencies["gov"] and user.team == agencies["north_team"]
    assert [r.code for r in user.roles.all()] == ["caseworker"]
    assert user.check_password(password)
    assert len(password) == 19 and password.count("-") == 3
    event = AuditEvent.objects.get(action="user.create")
    assert event.changes["username"] == [None, "grace"]
    assert event.changes["roles"] == [None, ["caseworker"]]
    assert event.changes["areas"] == [None, ["N"]]
    assert password not in str(event.changes) and "password" not in event.changes


def test_one_time_passwords_differ():
    assert len({users.one_time_password() for _ in range(50)}) == 50


def test_usernames_are_unique_whatever_the_case(new_worker, administrator, agencies):
    with pytest.raises(ValidationError) as error:
        users.user_create(
            actor=administrator, username="GRACE", first_name="G", agency=agencies["gov"]
        )
    assert "username" in error.value.message_dict


def test_team_must_belong_to_the_agency(administrator, agencies):
    with pytest.raises(ValidationError) as error:
        users.user_create(
            actor=administrator,
            username="x",
            first_name="X",
            agency=agencies["ngo"],
            team=agencies["north_team"],
        )
    assert "team" in error.value.message_dict
    assert not User.objects.filter(username="x").exists()


def test_the_system_role_cannot_be_given(administrator, agencies):
    system_user()
    with pytest.raises(ValidationError):
        users.user_create(
            actor=administrator,
            username="x",
            first_name="X",
            agency=agencies["gov"],
            roles=roles("system"),
        )


def test_update_assigns_roles_and_is_audited(new_worker, administrator):
    user, _password = new_worker
    users.user_update(actor=administrator, user=user, roles=roles("supervisor"), phone="0700 1")
    policy.forget(user)
    assert policy.has_perm(user, "case.approve")
    event = AuditEvent.objects.get(action="user.update")
    assert event.changes["roles"] == [["caseworker"], ["supervisor"]]
    assert event.changes["phone"] == ["", "0700 1"]


def test_nobody_changes_their_own_roles(administrator):
    with pytest.raises(Refused):
        users.user_update(
            actor=administrator,
            user=administrator,
            roles=roles("administrator", "supervisor"),
        )
    assert [r.code for r in administrator.roles.all()] == ["administrator"]
    # Their own other details they may change.
    users.user_update(actor=administrator, user=administrator, phone="0700 2")


def test_deactivate_revokes_tokens_and_keeps_the_account(new_worker, administrator, worker):
    _, raw = tokens.token_create(actor=worker, name="script")
    with pytest.raises(ValidationError):
        users.user_deactivate(actor=administrator, user=worker, reason="")
    users.user_deactivate(actor=administrator, user=worker, reason="Left the agency")
    worker.refresh_from_db()
    assert not worker.is_active and User.objects.filter(pk=worker.pk).exists()
    assert tokens.user_for_token(raw) is None
    assert ApiToken.objects.get(user=worker).revoked_at is not None
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.changes["is_active"] == [True, False]
    assert event.detail["reason"] == "Left the agency" and event.detail["tokens_revoked"] == 1
    with pytest.raises(Refused):
        users.user_deactivate(actor=administrator, user=worker, reason="Again")
    users.user_reactivate(actor=administrator, user=worker)
    worker.refresh_from_db()
    assert worker.is_active
    assert AuditEvent.objects.filter(action="user.reactivate").exists()


def test_nobody_deactivates_themselves_or_the_last_administrator(administrator, agencies):
    with pytest.raises(Refused):
        users.user_deactivate(actor=administrator, user=administrator, reason="Bored")
    other = make_user("admin2", "administrator", agency=agencies["gov"])
    users.user_deactivate(actor=other, user=administrator, reason="Left")
    assert not User.objects.get(pk=administrator.pk).is_active


def test_password_reset(new_worker, administrator):
    user, first = new_worker
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    user.refresh_from_db()
    password = users.user_password_reset(actor=administrator, user=user)
    user.refresh_from_db()
    assert user.must_change_password and password != first
    assert not user.check_password(first)
    assert user.check_password(password)
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.changes == {"must_change_password": [False, True]}


def test_only_user_managers(worker, supervisor, agencies):
    with pytest.raises(Forbidden):
        users.user_create(actor=supervisor, username="x", first_name="X", agency=agencies["gov"])
    with pytest.raises(Forbidden):
        users.user_deactivate(actor=supervisor, user=worker, reason="No")


def test_an_agency_administrator_manages_their_agency_only(agencies, worker, ngo_worker):
    local = Role.objects.create(
        code="agency_admin", name="Agency administrator", scope="agency",
        permissions=["user.manage"],
    )  # fmt: skip
    admin = make_user("ngoadmin", None, agency=agencies["ngo"])
    admin.roles.add(local)
    assert list(users.users_for(admin).filter(pk__in=[worker.pk, ngo_worker.pk])) == [ngo_worker]
    with pytest.raises(NotFound):
        users.user_for(admin, worker.pk)
    with pytest.raises(Forbidden):
        users.user_create(actor=admin, username="x", first_name="X", agency=agencies["gov"])
    assert not User.objects.filter(username="x").exists()
    with pytest.raises(Forbidden):
        users.user_update(actor=admin, user=ngo_worker, agency=agencies["gov"], team=None)
    ngo_worker.refresh_from_db()
    assert ngo_worker.agency == agencies["ngo"]


def test_the_system_account_is_never_listed(administrator):
    system = system_user()
    assert not users.users_for(administrator).filter(pk=system.pk).exists()
    with pytest.raises(NotFound):
        users.user_for(administrator, system.pk)
