"""The limited search (A7): every case in Hearth can be found, but outside the
searcher's scope only the minimum shows - number, child's name, age, sex, area,
caseworker and agency - with no way into the record."""

import pytest

from hearth.accounts import tokens
from hearth.audit.models import AuditEvent
from hearth.cases import limited_search
from hearth.core.errors import Forbidden, HearthError

SUMMARY = "Teacher saw burns on both hands; mother works nights."
MINIMUM = {
    "id", "number", "child_name", "age", "sex", "area", "owner", "agency", "visible", "pending",
}  # fmt: skip


@pytest.fixture
def api(client):
    def as_user(user):
        _, raw = tokens.token_create(actor=user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_user


@pytest.fixture
def north_case(make_case, worker):
    return make_case(worker, summary=SUMMARY)


def test_finds_cases_outside_scope_with_the_minimum_only(north_case, worker_elsewhere):
    found, total = limited_search.search(worker_elsewhere, "amina okello")
    assert total == 1
    (hit,) = found
    assert hit.id == north_case.pk and hit.number == north_case.number
    assert (
        hit.child_name == "Amina Okello"
        and hit.age == north_case.child.age()
        and hit.sex == "Female"
    )
    assert hit.area == "Lakeshore" and hit.owner == "Worker"
    assert hit.agency == "Department of Social Welfare"
    assert hit.visible is False and hit.pending is False


def test_finds_by_number_and_identifier_too(north_case, worker_elsewhere):
    (hit,), _ = limited_search.search(worker_elsewhere, north_case.number.lower())
    assert hit.id == north_case.pk


def test_within_scope_results_are_marked_open(north_case, worker, supervisor):
    for user in (worker, supervisor):
        (hit,), _ = limited_search.search(user, "Okello")
        assert hit.visible is True


def test_every_search_is_audited(north_case, worker_elsewhere):
    limited_search.search(worker_elsewhere, "Okello")
    event = AuditEvent.objects.get(action="case.search")
    assert event.actor_id == worker_elsewhere.pk
    assert event.detail["query"] == "Okello"
    assert event.detail["results"] == 1 and event.detail["outside_scope"] == 1


def test_short_queries_are_refused(north_case, worker_elsewhere):
    with pytest.raises(HearthError):
        limited_search.search(worker_elsewhere, "ok")
    assert not AuditEvent.objects.filter(action="case.search").exists()


def test_voided_cases_are_never_found(north_case, worker_elsewhere, supervisor):
    from hearth.cases.services import registration

    registration.case_void(actor=supervisor, case=north_case, reason="Registered twice")
    assert limited_search.search(worker_elsewhere, "Okello") == ([], 0)


def test_names_are_masked_without_clearance(north_case, auditor):
    role = auditor.roles.get()
    role.permissions = [*role.permissions, "person.search"]
    role.save()
    (hit,), _ = limited_search.search(auditor, "Okello")
    assert hit.child_name == "•••"


def test_needs_the_permission(north_case, administrator):
    with pytest.raises(Forbidden):
        limited_search.search(administrator, "Okello")


def test_the_page_shows_no_content_and_no_link(north_case, worker_elsewhere, signed_in):
    client = signed_in(worker_elsewhere)
    page = client.get("/cases/search/", {"q": "Amina"})
    text = page.content.decode()
    assert page.status_code == 200
    assert north_case.number in text and "Amina Okello" in text and "Lakeshore" in text
    assert SUMMARY not in text and "neglect" not in text.lower()
    assert f'href="/cases/{north_case.pk}/"' not in text
    assert f"/cases/search/{north_case.pk}/request/" in text
    assert f"/cases/search/{north_case.pk}/emergency/" not in text  # caseworkers cannot


def test_the_page_links_cases_in_scope(north_case, supervisor, signed_in):
    text = signed_in(supervisor).get("/cases/search/", {"q": "Amina"}).content.decode()
    assert f'href="/cases/{north_case.pk}/"' in text


def test_the_page_says_when_the_query_is_too_short(worker_elsewhere, signed_in):
    page = signed_in(worker_elsewhere).get("/cases/search/", {"q": "a"})
    assert page.status_code == 200 and "at least 3" in page.content.decode()


def test_administrators_cannot_search(administrator, signed_in):
    assert signed_in(administrator).get("/cases/search/", {"q": "Amina"}).status_code == 403


def test_api_gives_the_minimum_fields_only(north_case, worker_elsewhere, api):
    response = api(worker_elsewhere).get("/api/v1/case-search", {"q": "Okello"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    (item,) = body["items"]
    assert set(item) == MINIMUM
    assert item["sex"] == "female" and item["visible"] is False
    assert SUMMARY not in response.content.decode()
