"""A one-time password must be replaced at the first sign-in: until then every
page leads to the password form."""

from hearth.accounts import users
from hearth.accounts.models import Role
from hearth.audit.models import AuditEvent


def test_first_sign_in_goes_to_the_password_form(administrator, agencies, client):
    user, password = users.user_create(
        actor=administrator,
        username="grace",
        first_name="Grace",
        agency=agencies["gov"],
        roles=list(Role.objects.filter(code="caseworker")),
    )
    signed = client.post("/accounts/login/", {"username": "grace", "password": password})
    assert signed.status_code == 302
    for url in ("/", "/cases/", "/registry/people/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == "/accounts/password/", url
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert client.get("/accounts/password/").status_code == 200

    changed = client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "my own long passphrase 2026",
            "new_password2": "my own long passphrase 2026",
        },
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.password_change", actor_id=user.pk).exists()


def test_signing_out_is_always_possible(worker, signed_in):
    worker.must_change_password = True
    worker.save()
    client = signed_in(worker)
    assert client.post("/accounts/logout/").status_code == 302
