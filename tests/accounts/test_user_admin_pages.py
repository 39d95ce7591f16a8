"""The user management pages."""

from hearth.accounts.models import Role, User
from hearth.audit.models import AuditEvent


def test_list_filters(administrator, worker, worker_elsewhere, ngo_worker, signed_in, agencies):
    client = signed_in(administrator)
    page = client.get("/accounts/users/").content.decode()
    assert "Worker" in page and "Ngoworker" in page
    by_agency = client.get("/accounts/users/", {"agency": agencies["ngo"].pk}).content.decode()
    assert "Ngoworker" in by_agency and "Elsewhere" not in by_agency
    by_text = client.get("/accounts/users/", {"q": "elsew"}).content.decode()
    assert "Elsewhere" in by_text and "Ngoworker" not in by_text
    supervisors = Role.objects.get(code="supervisor")
    by_role = client.get("/accounts/users/", {"role": supervisors.pk}).content.decode()
    assert "Elsewhere" not in by_role


def test_create_shows_the_password_once(administrator, signed_in, agencies, places):
    client = signed_in(administrator)
    form = client.get("/accounts/users/new/")
    assert form.status_code == 200
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "grace",
            "first_name": "Grace",
            "agency": agencies["gov"].pk,
            "team": agencies["north_team"].pk,
            "areas": [places["north"].pk],
            "roles": [Role.objects.get(code="caseworker").pk],
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    user = User.objects.get(username="grace")
    text = response.content.decode()
    password = text.split("One-time password</dt><dd><code>")[1].split("</code>")[0]
    assert user.check_password(password)
    # Nowhere else: not on the person's page, not in the audit trail.
    assert password not in client.get(f"/accounts/users/{user.pk}/").content.decode()
    assert not any(password in str(e.changes) + str(e.detail) for e in AuditEvent.objects.all())


def test_create_form_errors(administrator, signed_in):
    response = signed_in(administrator).post("/accounts/users/new/", {"username": "bad name!"})
    assert response.status_code == 200
    assert not User.objects.filter(first_name="").exclude(username__in=["administrator"]).exists()


def test_edit_deactivate_reactivate_reset(administrator, worker, signed_in, agencies):
    client = signed_in(administrator)
    detail = client.get(f"/accounts/users/{worker.pk}/").content.decode()
    assert "Caseworker" in detail and "case.view" in detail
    saved = client.post(
        f"/accounts/users/{worker.pk}/edit/",
        {
            "first_name": "Wanjiru",
            "agency": agencies["gov"].pk,
            "team": agencies["north_team"].pk,
            "roles": [Role.objects.get(code="supervisor").pk],
        },
    )
    assert saved.status_code == 302
    worker.refresh_from_db()
    assert worker.first_name == "Wanjiru"
    assert [r.code for r in worker.roles.all()] == ["supervisor"]

    refused = client.post(f"/accounts/users/{worker.pk}/deactivate/", {"reason": ""})
    assert refused.status_code == 200
    client.post(f"/accounts/users/{worker.pk}/deactivate/", {"reason": "Moved away"})
    worker.refresh_from_db()
    assert not worker.is_active
    client.post(f"/accounts/users/{worker.pk}/reactivate/")
    worker.refresh_from_db()
    assert worker.is_active

    reset = client.post(f"/accounts/users/{worker.pk}/password/")
    assert reset.status_code == 200 and "New password for" in reset.content.decode()
    worker.refresh_from_db()
    assert worker.must_change_password


def test_there_is_no_way_to_delete(administrator, worker, signed_in):
    from django.urls import get_resolver

    names = [p.name or "" for p in get_resolver("hearth.accounts.urls").url_patterns]
    assert not any("delete" in name for name in names)
    client = signed_in(administrator)
    assert client.delete(f"/accounts/users/{worker.pk}/").status_code in (200, 405)
    assert User.objects.filter(pk=worker.pk).exists()


def test_pages_need_the_permission(worker, supervisor, signed_in):
    for user in (worker, supervisor):
        client = signed_in(user)
        assert client.get("/accounts/users/").status_code == 403
        assert client.get(f"/accounts/users/{worker.pk}/").status_code == 403
