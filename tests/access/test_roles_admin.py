"""Administrators edit roles (B4: "an administrator configuration"): permissions
grouped by area, scope, clearance, two-factor, caseload limits. Every change is a
"config.role_update" audit event with the values before and after; the system
role is neither shown nor editable; nobody widens a role they hold themselves."""

import pytest
from django.core.exceptions import ValidationError

from hearth.access import policy, services
from hearth.access.permissions import AREAS, PERMISSIONS, area_of, grouped
from hearth.accounts.models import Role
from hearth.accounts.system import system_user
from hearth.audit.models import AuditEvent
from hearth.core.errors import Forbidden, NotFound, Refused
from tests.conftest import make_user


def test_every_permission_shows_in_exactly_one_area():
    shown = [p for _key, _label, perms in grouped() for p, _text in perms]
    assert sorted(shown) == sorted(PERMISSIONS)
    assert area_of("case.view") == "casework" and area_of("retention.run") == "admin"
    assert area_of("something.new") == "other"
    assert [key for key, _label, _perms in grouped()] == [key for key, _l, _p in AREAS]


def test_update_is_audited_with_before_and_after(administrator, worker):
    role = Role.objects.get(code="caseworker")
    services.role_update(
        actor=administrator,
        role=role,
        permissions=[p for p in role.permissions if p != "export.identifiable"] + ["case.close"],
        caseload_max=30,
    )
    event = AuditEvent.objects.get(action="config.role_update")
    assert event.object_id == str(role.pk) and event.actor_id == administrator.pk
    assert event.changes["caseload_max"] == [35, 30]
    before, after = event.changes["permissions"]
    assert "export.identifiable" in before and "export.identifiable" not in after
    assert event.detail["added"] == [] and event.detail["removed"] == ["export.identifiable"]
    policy.forget(worker)
    assert not policy.has_perm(worker, "export.identifiable")


def test_unknown_permissions_and_bad_limits_are_refused(administrator):
    role = Role.objects.get(code="caseworker")
    with pytest.raises(ValidationError):
        services.role_update(actor=administrator, role=role, permissions=["case.fly"])
    with pytest.raises(ValidationError):
        services.role_update(
            actor=administrator, role=role, caseload_recommended=40, caseload_max=30
        )
    with pytest.raises(ValidationError):
        services.role_update(actor=administrator, role=role, clearance=4)
    role.refresh_from_db()
    assert role.caseload_max == 35 and "case.fly" not in role.permissions
    assert not AuditEvent.objects.filter(action="config.role_update").exists()


def test_only_role_managers(supervisor):
    with pytest.raises(Forbidden):
        services.role_update(actor=supervisor, role=Role.objects.get(code="caseworker"), name="X")


def test_the_system_role_is_out_of_reach(administrator):
    system_user()
    with pytest.raises(NotFound):
        services.role_update(actor=administrator, role=Role.objects.get(code="system"), name="Mine")


def test_nobody_widens_a_role_they_hold(administrator, agencies):
    make_user("admin2", "administrator", agency=agencies["gov"])
    role = Role.objects.get(code="administrator")
    for change in (
        {"permissions": [*role.permissions, "case.view"]},
        {"clearance": 3},
        {"requires_2fa": False},
    ):
        with pytest.raises(Refused):
            services.role_update(actor=administrator, role=role, **change)
    # Narrowing is fine.
    services.role_update(
        actor=administrator,
        role=role,
        permissions=[p for p in role.permissions if p != "dhis2.manage"],
    )


def test_no_change_leaves_nobody_to_manage(administrator, agencies):
    other = make_user("admin2", "administrator", agency=agencies["gov"])
    role = Role.objects.get(code="administrator")
    services.role_update(
        actor=other, role=role, permissions=[p for p in role.permissions if p != "api.use"]
    )
    with pytest.raises(Refused):
        services.role_update(
            actor=other,
            role=role,
            permissions=[p for p in role.permissions if p != "user.manage"],
        )
    assert "user.manage" in Role.objects.get(code="administrator").permissions


def test_create_a_role(administrator):
    role = services.role_create(
        actor=administrator,
        code="district_coordinator",
        name="District coordinator",
        permissions=["case.view", "report.view"],
        scope="area",
        clearance=1,
    )
    assert role.permissions == ["case.view", "report.view"]
    assert AuditEvent.objects.filter(action="config.role_create").exists()
    with pytest.raises(ValidationError):
        services.role_create(actor=administrator, code="system", name="Sneaky")


def test_pages(administrator, signed_in):
    system_user()
    client = signed_in(administrator)
    listing = client.get("/access/roles/").content.decode()
    assert "Caseworker" in listing and "System (commands" not in listing
    assert client.get("/access/roles/system/").status_code == 404

    page = client.get("/access/roles/caseworker/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Casework" in text and "Appropriate care" in text and 'value="case.work"' in text
    role = Role.objects.get(code="caseworker")
    data = {
        "name": "Social worker",
        "description": "",
        "scope": "own",
        "clearance": "2",
        "requires_2fa": "on",
        "caseload_recommended": "20",
        "caseload_max": "30",
        "permissions_casework": ["case.view", "case.work"],
        "permissions_registry": ["person.view"],
    }
    saved = client.post("/access/roles/caseworker/", data)
    assert saved.status_code == 302
    role.refresh_from_db()
    assert role.name == "Social worker" and role.requires_2fa
    assert role.permissions == ["case.view", "case.work", "person.view"]

    created = client.post(
        "/access/roles/new/",
        {**data, "code": "intake", "name": "Intake officer", "requires_2fa": ""},
    )
    assert created.status_code == 302 and Role.objects.filter(code="intake").exists()


def test_pages_need_the_permission(supervisor, signed_in):
    assert signed_in(supervisor).get("/access/roles/").status_code == 403
