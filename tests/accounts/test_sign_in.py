"""Signing in and out, the account page and changing one's password."""

from django.contrib.auth import SESSION_KEY

from hearth.accounts.models import User
from tests.conftest import PASSWORD


def test_the_sign_in_page_renders(client, db):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()


def test_sign_in_with_the_right_password(client, worker):
    response = client.post("/accounts/login/", {"username": "worker", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    assert client.session[SESSION_KEY] == str(worker.pk)
    assert client.get("/").status_code == 200


def test_sign_in_goes_back_where_the_user_was_going(client, worker):
    response = client.post(
        "/accounts/login/",
        {"username": "worker", "password": PASSWORD, "next": "/registry/people/"},
    )
    assert response.url == "/registry/people/"


def test_a_wrong_password_is_refused_with_a_message(client, worker):
    response = client.post("/accounts/login/", {"username": "worker", "password": "nope"})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "Please enter a correct username and password" in response.content.decode()


def test_an_inactive_user_cannot_sign_in(client, worker):
    User.objects.filter(pk=worker.pk).update(is_active=False)
    client.post("/accounts/login/", {"username": "worker", "password": PASSWORD})
    assert SESSION_KEY not in client.session


def test_sign_out(worker, signed_in):
    client = signed_in(worker)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert SESSION_KEY not in client.session
    assert client.get("/").status_code == 302


def test_the_profile_page_shows_who_i_am(worker, signed_in):
    html = signed_in(worker).get("/accounts/me/").content.decode()
    assert "Department of Social Welfare" in html
    assert "North team" in html
    assert "Caseworker" in html and "Own and shared records" in html
    assert "API tokens" in html  # caseworkers may use the API


def test_the_profile_page_hides_tokens_from_those_without_the_api(auditor, signed_in):
    html = signed_in(auditor).get("/accounts/me/").content.decode()
    assert "Auditor" in html
    assert "API tokens" not in html


def change(client, new, old=PASSWORD):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_password_change(worker, signed_in):
    client = signed_in(worker)
    assert client.get("/accounts/password/").status_code == 200
    response = change(client, "river-stones-and-sky-2026")
    assert response.status_code == 302 and response.url == "/accounts/me/"
    worker.refresh_from_db()
    assert worker.check_password("river-stones-and-sky-2026")
    assert client.get("/accounts/me/").status_code == 200  # still signed in


def test_a_short_password_is_refused(worker, signed_in):
    response = change(signed_in(worker), "short-pw-1")
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_a_common_password_is_refused(worker, signed_in):
    response = change(signed_in(worker), "qwertyqwerty")
    assert "This password is too common." in response.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_the_old_password_must_be_right(worker, signed_in):
    response = change(signed_in(worker), "river-stones-and-sky-2026", old="wrong")
    assert "Your old password was entered incorrectly" in response.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)
