"""Passwords: hashed with argon2, and weak ones refused where people change them."""

import runpy

import pytest

import hearth.settings
from tests.conftest import PASSWORD

NEW = "correct horse battery staple 7"


def change(client, new, old=PASSWORD):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_passwords_are_hashed_with_argon2(worker):
    # The suite hashes at the lowest cost (tests/conftest.py); the algorithm is the same.
    assert worker.password.startswith("argon2$")
    production = runpy.run_path(hearth.settings.__file__)["PASSWORD_HASHERS"]
    assert production[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize(
    ("weak", "because"),
    [
        ("short-pw1", "at least 12 characters"),
        ("password1234", "too common"),
        ("738492017364", "entirely numeric"),
        ("amina.okello.north", "too similar to the email address"),
    ],
)
def test_weak_passwords_are_refused(worker, signed_in, weak, because):
    worker.email = "amina.okello.north@example.org"
    worker.save()
    client = signed_in(worker)
    response = change(client, weak)
    assert response.status_code == 200
    assert because in response.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_a_good_password_is_taken_and_audited(worker, signed_in):
    from hearth.audit.models import AuditEvent

    client = signed_in(worker)
    response = change(client, NEW)
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password(NEW) and worker.password.startswith("argon2$")
    assert AuditEvent.objects.filter(action="auth.password_change", actor_id=worker.pk).exists()
    assert client.get("/").status_code == 200  # still signed in on this session


def test_the_old_password_must_be_given(worker, signed_in):
    response = change(signed_in(worker), NEW, old="not my password")
    assert "incorrect" in response.content.decode()
