import pytest

from hearth.accounts import tokens
from hearth.notify.models import Notification
from tests.notify.factories import tell


@pytest.fixture
def api(client, worker):
    _, raw = tokens.token_create(actor=worker, name="script")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_list_is_mine_only_paginated_and_filterable(api, worker, supervisor):
    first = tell([worker], title="First")[0]
    tell([worker], title="Second")
    tell([supervisor], title="Not yours")
    first.read_at = first.created_at
    first.save(update_fields=["read_at"])

    body = api.get("/api/v1/notifications").json()
    assert body["total"] == 2
    assert [item["title"] for item in body["items"]] == ["Second", "First"]
    assert body["items"][0]["unread"] is True and body["items"][1]["unread"] is False

    unread = api.get("/api/v1/notifications", {"unread": "true"}).json()
    assert [item["title"] for item in unread["items"]] == ["Second"]

    paged = api.get("/api/v1/notifications", {"per": 1, "page": 2}).json()
    assert paged["total"] == 2 and [i["title"] for i in paged["items"]] == ["First"]


def test_mark_one_read(api, worker):
    (row,) = tell([worker])
    response = api.post(f"/api/v1/notifications/{row.pk}/read")
    assert response.status_code == 200
    assert response.json()["unread"] is False
    row.refresh_from_db()
    assert row.read_at is not None


def test_another_users_notification_is_404(api, supervisor):
    (theirs,) = tell([supervisor])
    response = api.post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_marks_only_mine(api, worker, supervisor):
    tell([worker])
    tell([worker])
    tell([supervisor])
    assert api.post("/api/v1/notifications/read-all").json() == {"marked": 2}
    assert Notification.objects.filter(read_at=None).get().recipient == supervisor


def test_needs_api_use(client, auditor, signed_in):
    # Auditors have no "api.use": the session works for pages, not for the API.
    response = signed_in(auditor).get("/api/v1/notifications")
    assert response.status_code == 403


def test_needs_authentication(client, db):
    assert client.get("/api/v1/notifications").status_code == 401
