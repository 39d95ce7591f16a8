"""Lockout after repeated wrong passwords (django-axes), and lifting it."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from hearth.audit.models import AuditEvent

LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def lock(password_step):
    """lock(user, **extra): wrong passwords up to the limit."""

    def run(user, **extra):
        for _ in range(LIMIT):
            password_step(user, password="wrong password", **extra)

    return run


def test_the_limit_is_five_by_default():
    assert LIMIT == 5


def test_locked_after_the_limit_even_with_the_right_password(client, worker, lock, password_step):
    for n in range(LIMIT - 1):
        response = password_step(worker, password="wrong password")
        assert response.status_code == 200, n  # the form again, with its error
    assert password_step(worker, password="wrong password").status_code == 429
    refused = password_step(worker)
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.content.decode()
    assert SESSION_KEY not in client.session
    failed = AuditEvent.objects.filter(action="auth.login_failed", actor_label="worker")
    assert failed.count() == LIMIT + 1
    assert failed.latest("seq").detail["locked_out"] is True
    assert AuditEvent.objects.filter(action="auth.lockout", actor_label="worker").exists()


def test_lockout_is_for_that_username_from_that_address(
    client, worker, supervisor, lock, password_step
):
    lock(worker)
    assert password_step(worker, REMOTE_ADDR="10.1.1.1").status_code == 302
    client.post("/accounts/logout/")
    assert password_step(supervisor).status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, worker, password_step):
    for _ in range(LIMIT - 1):
        password_step(worker, password="wrong password")
    assert password_step(worker).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(LIMIT - 1):
        password_step(worker, password="wrong password")
    assert password_step(worker).status_code == 302


def test_administrator_sees_and_lifts_a_lock(
    client, worker, administrator, lock, password_step, signed_in
):
    lock(worker)
    admin = signed_in(administrator)
    page = admin.get("/accounts/locked/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "worker" in html
        and "127.0.0.1" in html
        and f"/accounts/users/{worker.pk}/security/" in html
    )
    response = admin.post("/accounts/locked/", {"username": "worker"})
    assert response.status_code == 302
    assert "No account is locked" in admin.get("/accounts/locked/").content.decode()
    event = AuditEvent.objects.get(action="auth.unlock")
    assert event.actor_id == administrator.pk
    assert event.object_id == str(worker.pk) and event.detail["username"] == "worker"

    admin.post("/accounts/logout/")
    assert password_step(worker).status_code == 302


def test_unlock_from_the_users_security_page(worker, administrator, lock, signed_in):
    lock(worker)
    admin = signed_in(administrator)
    page = admin.get(f"/accounts/users/{worker.pk}/security/").content.decode()
    assert "Locked from 127.0.0.1 after 5 failed sign-ins" in page
    admin.post(f"/accounts/users/{worker.pk}/unlock/")
    assert "Not locked." in admin.get(f"/accounts/users/{worker.pk}/security/").content.decode()


def test_unlocking_a_name_with_no_failures_says_so(administrator, signed_in):
    page = signed_in(administrator).post("/accounts/locked/", {"username": "nobody"})
    assert page.status_code == 200
    assert "No failed sign-ins are recorded" in page.content.decode()
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()


def test_only_user_managers_unlock(worker, supervisor, lock, signed_in):
    lock(supervisor)
    client = signed_in(worker)
    assert client.get("/accounts/locked/").status_code == 403
    assert client.post("/accounts/locked/", {"username": "supervisor"}).status_code == 403
    assert client.post(f"/accounts/users/{supervisor.pk}/unlock/").status_code == 403
