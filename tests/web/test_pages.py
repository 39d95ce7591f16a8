"""Every foundation page renders for someone allowed to see it, in every language,
and the small shared pages (start, language, health) do their job."""

import datetime as dt

import pytest
from django.conf import settings

from hearth.accounts import tokens
from hearth.accounts.models import User
from hearth.registry import services
from tests import factories


@pytest.fixture
def world(worker, places):
    """One of everything a registry page can show."""
    child = factories.person(worker, location=places["north_village"])
    mother = factories.person(worker, given_name="Rose", date_of_birth=dt.date(1990, 1, 1))
    identifier = services.identifier_add(
        actor=worker, person=child, type="birth_registration", value="BR-1"
    )
    relationship = services.relationship_add(
        actor=worker, person=child, relative=mother, kind="mother", is_caregiver=True
    )
    household = factories.household(worker, location=places["north_village"])
    member = services.household_member_add(
        actor=worker, household=household, person=mother, relation_to_head="head"
    )
    token, _ = tokens.token_create(actor=worker, name="script")
    return {
        "child": child.pk,
        "identifier": identifier.pk,
        "relationship": relationship.pk,
        "household": household.pk,
        "member": member.pk,
        "token": token.pk,
    }


WORKER_PAGES = [
    "/",
    "/accounts/me/",
    "/accounts/password/",
    "/accounts/me/tokens/new/",
    "/registry/people/",
    "/registry/people/?q=amina",
    "/registry/people/?page=999",
    "/registry/people/new/",
    "/registry/people/pick/?q=ros&field=relative",
    "/registry/people/{child}/",
    "/registry/people/{child}/edit/",
    "/registry/people/{child}/identifiers/new/",
    "/registry/people/{child}/identifiers/{identifier}/void/",
    "/registry/people/{child}/relationships/new/",
    "/registry/people/{child}/relationships/{relationship}/end/",
    "/registry/households/",
    "/registry/households/?q=okello",
    "/registry/households/new/",
    "/registry/households/{household}/",
    "/registry/households/{household}/edit/",
    "/registry/households/{household}/members/new/",
    "/registry/households/{household}/members/{member}/end/",
]


@pytest.mark.parametrize("url", WORKER_PAGES)
def test_every_registry_and_account_page_renders(worker, signed_in, world, url):
    response = signed_in(worker).get(url.format(**world))
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", ["/places/", "/places/import/", "/places/levels/"])
def test_every_places_page_renders(administrator, signed_in, places, url):
    assert signed_in(administrator).get(url).status_code == 200


def test_the_supervisor_sees_the_void_page(supervisor, signed_in, world):
    assert signed_in(supervisor).get(f"/registry/people/{world['child']}/void/").status_code == 200


@pytest.mark.parametrize("url", ["/registry/people/?q=ami", "/registry/households/?q=oke"])
def test_live_search_sends_only_the_results_to_htmx(worker, signed_in, world, url):
    response = signed_in(worker).get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<table>" in html and "<html" not in html and "<form" not in html


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_pages_render_in_every_language(worker, signed_in, world, code):
    User.objects.filter(pk=worker.pk).update(language=code)
    client = signed_in(User.objects.get(pk=worker.pk))
    for url in ("/", f"/registry/people/{world['child']}/", "/registry/people/new/"):
        response = client.get(url)
        assert response.status_code == 200
        assert f'lang="{code}"' in response.content.decode()
    assert ('dir="rtl"' in client.get("/").content.decode()) == (code == "ar")


def test_the_start_page_shows_the_panels_the_user_may_see(worker, auditor, signed_in, world):
    home = signed_in(worker).get("/").content.decode()
    assert "Find a person" in home and "Recently registered by you" in home and "Amina" in home
    assert "Find a person" not in signed_in(auditor).get("/").content.decode()


def test_the_menu_follows_permissions(worker, administrator, signed_in):
    worker_menu = signed_in(worker).get("/").content.decode()
    assert 'href="/registry/people/"' in worker_menu and 'href="/places/"' not in worker_menu
    admin_menu = signed_in(administrator).get("/").content.decode()
    assert 'href="/places/"' in admin_menu and 'href="/registry/people/"' not in admin_menu


def test_the_language_switch_stores_the_users_choice(worker, signed_in):
    client = signed_in(worker)
    response = client.post(
        "/language/", {"language": "fr"}, headers={"Referer": "/registry/people/"}
    )
    assert response.status_code == 302 and response.url == "/registry/people/"
    worker.refresh_from_db()
    assert worker.language == "fr"
    assert 'lang="fr"' in client.get("/").content.decode()


def test_an_unknown_language_falls_back_and_foreign_referers_are_ignored(worker, signed_in):
    client = signed_in(worker)
    response = client.post(
        "/language/", {"language": "xx"}, headers={"Referer": "https://evil.example/"}
    )
    assert response.url == "/"
    worker.refresh_from_db()
    assert worker.language == settings.LANGUAGE_CODE


def test_anonymous_visitors_choose_a_language_by_cookie(client, db):
    response = client.post("/language/", {"language": "ru"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert 'lang="ru"' in client.get("/accounts/login/").content.decode()


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_not_found_pages_are_friendly(worker, signed_in):
    response = signed_in(worker).get("/registry/people/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert "There is nothing here, or it is not shared with you." in response.content.decode()


def test_a_french_speaking_worker_reads_hearth_in_french(worker, signed_in, world):
    User.objects.filter(pk=worker.pk).update(language="fr")
    page = signed_in(User.objects.get(pk=worker.pk)).get("/").content.decode()
    assert "Dossiers" in page and "Se déconnecter" in page and "Sign out" not in page


def test_the_sign_in_page_follows_the_browsers_language(client):
    page = client.get("/accounts/login/", headers={"Accept-Language": "fr"}).content.decode()
    assert "Se connecter" in page
