"""Who sees whom: a worker the people they registered, a supervisor the team's, a
manager those in their areas; others get a 404 that does not tell "missing" from
"not yours"; administrators and auditors see no people at all."""

import re
import uuid

import pytest

from hearth.core.errors import NotFound
from hearth.registry import queries
from tests import factories


@pytest.fixture
def north_child(worker, places):
    return factories.person(worker, given_name="Kato", location=places["north_village"])


@pytest.fixture
def south_child(worker_elsewhere, places):
    return factories.person(worker_elsewhere, given_name="Apio", location=places["south_village"])


def visible(user):
    return {p.given_name for p in queries.people(user)}


def test_a_worker_sees_the_people_they_registered(worker, north_child, south_child):
    assert visible(worker) == {"Kato"}


def test_a_worker_does_not_see_a_teammates_people(worker, supervisor, agencies, places):
    from tests.conftest import make_user

    teammate = make_user(
        "teammate", "caseworker", agency=worker.agency, team=worker.team, areas=[places["north"]]
    )
    factories.person(teammate, given_name="Opio")
    assert "Opio" not in visible(worker)
    assert "Opio" in visible(supervisor)


def test_a_supervisor_sees_the_teams_people(supervisor, north_child, south_child):
    assert visible(supervisor) == {"Kato"}


def test_a_manager_sees_the_people_in_their_area_subtree(manager, north_child, south_child):
    assert visible(manager) == {"Kato"}


def test_a_manager_also_sees_people_without_an_area_only_if_theirs(manager, worker):
    factories.person(worker, given_name="Nowhere")
    assert "Nowhere" not in visible(manager)


def test_the_data_clerk_sees_the_agencys_people(clerk, north_child, south_child, ngo_worker):
    factories.person(ngo_worker, given_name="Sanyu")
    assert visible(clerk) == {"Kato", "Apio"}  # both registered by Social Welfare


@pytest.mark.parametrize("who", ["worker_elsewhere", "ngo_worker", "administrator", "auditor"])
def test_others_see_none_of_them(request, north_child, who):
    user = request.getfixturevalue(who)
    assert "Kato" not in visible(user)
    with pytest.raises(NotFound):
        queries.person_for(user, north_child.pk)


@pytest.mark.parametrize("who", ["worker_elsewhere", "administrator", "auditor"])
def test_the_detail_page_is_a_404_for_others(request, signed_in, north_child, who):
    user = request.getfixturevalue(who)
    response = signed_in(user).get(f"/registry/people/{north_child.pk}/")
    expected = 404 if who == "worker_elsewhere" else 403  # no person.view at all: 403
    assert response.status_code == expected
    assert "Kato" not in response.content.decode()


def test_missing_and_hidden_look_the_same(worker_elsewhere, signed_in, north_child):
    client = signed_in(worker_elsewhere)
    hidden = client.get(f"/registry/people/{north_child.pk}/")
    missing = client.get(f"/registry/people/{uuid.uuid4()}/")
    assert hidden.status_code == missing.status_code == 404

    def page(response):  # the CSRF token is masked afresh on every page
        return re.sub(r'name="csrf[^>]*>', "", response.content.decode())

    assert page(hidden) == page(missing)


def test_the_list_shows_only_visible_people(signed_in, worker_elsewhere, north_child, south_child):
    html = signed_in(worker_elsewhere).get("/registry/people/").content.decode()
    assert "Apio" in html and "Kato" not in html


def test_pages_mask_fields_above_the_readers_clearance(signed_in, worker, places, north_child):
    from hearth.accounts.models import Role
    from hearth.registry import services
    from tests.conftest import make_user

    services.person_update(actor=worker, person=north_child, phone="0772 555123")
    counter = make_user("counter", None, agency=worker.agency, areas=[places["north"]])
    counter.roles.add(
        Role.objects.create(
            code="counter", name="Counter", scope="area", clearance=0, permissions=["person.view"]
        )
    )
    client = signed_in(counter)
    detail = client.get(f"/registry/people/{north_child.pk}/").content.decode()
    listing = client.get("/registry/people/").content.decode()
    for html in (detail, listing):
        assert "Kato" not in html and "•••" in html
    assert "0772 555123" not in detail
    assert "Lakeshore" in detail  # the area is basic information
    assert (
        "0772 555123"
        in signed_in(worker).get(f"/registry/people/{north_child.pk}/").content.decode()
    )
