"""B4: an administrator configures Hearth - roles, users, field sensitivity,
retention - but reads no case content. Their role has no "case.view", every page
and API call about a case refuses them, and their own pages show none of it."""

import pytest
from django.test import Client

from hearth.access import policy
from hearth.access.forms import RoleForm
from hearth.accounts import tokens
from hearth.accounts.models import Role
from hearth.cases.access import visible_cases
from tests.access.targets import SECRETS, build
from tests.access.test_no_way_around import (
    API_PARAM,
    CASE_OPERATIONS,
    CASE_PAGES,
    LIST_PAGES,
    PAGE_PARAM,
    api_call,
    assert_nothing_leaks,
    fillable,
    page_url,
    queries_for,
)
from tests.conftest import make_user


@pytest.fixture
def target(make_case, worker, supervisor, agencies, ngo_worker):
    teammate = make_user(
        "teammate", "caseworker", agency=agencies["gov"], team=agencies["north_team"]
    )
    return build(make_case, worker, supervisor, teammate, requester=ngo_worker)


@pytest.fixture
def admin_client(administrator, signed_in):
    return signed_in(administrator)


def test_the_administrator_role_reads_no_cases(target, administrator):
    role = Role.objects.get(code="administrator")
    assert not {p for p in role.permissions if p.startswith("case.")}
    assert not policy.has_perm(administrator, "person.view")
    assert not visible_cases(administrator).exists()
    assert policy.clearance_of(administrator) == 0


def test_every_case_page_refuses_them(target, admin_client):
    for route, _callback in CASE_PAGES:
        if not fillable(route, PAGE_PARAM):
            continue  # the walkers' own tests say which
        url = page_url(route, target)
        for method in ("get", "post"):
            response = getattr(admin_client, method)(url)
            assert response.status_code in {403, 404, 405}, f"{method} {url}"
            assert_nothing_leaks(response, target, False, f"{method} {url}")


def test_every_case_api_call_refuses_them(target, administrator):
    _, raw = tokens.token_create(actor=administrator, name="admin script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for method, path, spec, _operation in CASE_OPERATIONS:
        if not fillable(path, API_PARAM):
            continue
        url, response = api_call(client, method, path, spec, target)
        assert response.status_code in {403, 404}, f"{method} {url}: {response.status_code}"
        assert_nothing_leaks(response, target, False, f"{method} {url}")


def test_their_own_pages_show_no_case_content(target, admin_client):
    for route, _callback in LIST_PAGES:
        for query in queries_for(target):
            response = admin_client.get("/" + route, query)
            assert_nothing_leaks(response, target, False, f"GET /{route} {query}")


def test_they_cannot_give_themselves_case_access(target, administrator, admin_client):
    caseworker = Role.objects.get(code="caseworker")
    response = admin_client.post(
        f"/accounts/users/{administrator.pk}/edit/",
        {
            "first_name": "Admin",
            "agency": administrator.agency_id,
            "roles": [Role.objects.get(code="administrator").pk, caseworker.pk],
        },
    )
    assert response.status_code == 200  # refused, shown on the form
    assert "another administrator must" in response.content.decode()
    role = Role.objects.get(code="administrator")
    data = {k: v for k, v in RoleForm.initial_for(role).items() if v is not None}
    data["requires_2fa"] = "on"
    data["permissions_casework"] = ["case.view"]
    response = admin_client.post("/access/roles/administrator/", data)
    assert response.status_code == 200
    assert "You hold this role" in response.content.decode()
    policy.forget(administrator)
    assert not policy.has_perm(administrator, "case.view")
    assert SECRETS["summary"] not in admin_client.get(f"/cases/{target.case.pk}/").content.decode()
