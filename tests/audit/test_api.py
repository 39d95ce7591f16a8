"""GET /api/v1/audit/events: the same search for auditors' tools."""

import pytest

from hearth.accounts import tokens
from hearth.accounts.models import Role
from hearth.audit.models import AuditEvent
from hearth.audit.services import record


@pytest.fixture
def auditor_token(auditor):
    # The standard auditor role has no api.use; a deployment that wants
    # scripted audits grants it.
    role = Role.objects.get(code="auditor")
    role.permissions = [*role.permissions, "api.use"]
    role.save()
    auditor.roles.set([role])
    _, raw = tokens.token_create(actor=auditor, name="audit script")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_search_with_filters_and_pages(client, auditor_token, db):
    for n in range(5):
        record(actor=None, actor_label="bulk", action="test.api", detail={"n": n})
    record(actor=None, actor_label="other", action="other.thing")
    response = client.get(
        "/api/v1/audit/events", {"action": "test.", "per": 2, "page": 2}, **auditor_token
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total"] == 5 and body["page"] == 2 and body["per"] == 2
    assert [item["detail"]["n"] for item in body["items"]] == [2, 1]
    item = body["items"][0]
    assert item["actor"]["username"] == "bulk" and item["action"] == "test.api"
    assert set(item) >= {"seq", "at", "record", "ip", "user_agent", "changes", "hash"}
    search = AuditEvent.objects.filter(action="audit.search").latest("seq")
    assert search.detail["filters"] == {"action": "test."}
    assert search.detail["channel"] == "api"


def test_record_filter_and_masking(client, auditor_token, worker):
    from tests import factories

    child = factories.person(worker, phone="0711 111 111")
    body = client.get("/api/v1/audit/events", {"record": str(child.pk)}, **auditor_token).json()
    assert body["total"] == 1
    assert body["items"][0]["changes"]["phone"] == ["•••", "•••"]
    assert "0711" not in str(body)


def test_needs_audit_view(client, worker, signed_in):
    _, raw = tokens.token_create(actor=worker, name="script")
    response = client.get("/api/v1/audit/events", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    assert response.json()["message"]
