"""The auditor's screen: search, read, export; each of them leaves its own event."""

import csv
import datetime as dt
import io

import pytest

from hearth.accounts.models import Role
from hearth.audit.models import AuditEvent
from hearth.core import clock
from tests import factories


@pytest.fixture
def trail(worker, supervisor, places):
    child = factories.person(worker, given_name="Amina", phone="0700 000 001")
    from hearth.registry import services

    services.person_update(actor=worker, person=child, phone="0700 000 002")
    services.person_update(
        actor=supervisor, person=child, has_disability="yes", disabilities=["seeing"]
    )
    other = factories.person(supervisor, given_name="Brian", family_name="Otieno")
    return {"child": child, "other": other}


def rows(response):
    return response.context["events"]


def test_only_auditors_open_it(worker, auditor, signed_in):
    assert signed_in(worker).get("/audit/").status_code == 403
    assert signed_in(auditor).get("/audit/").status_code == 200


def test_menu_entry_for_auditors(auditor, signed_in):
    page = signed_in(auditor).get("/").content.decode()
    assert 'href="/audit/"' in page


def test_filter_by_user_record_action(trail, auditor, signed_in):
    client = signed_in(auditor)
    by_user = rows(client.get("/audit/", {"user": "SUPERVISOR"}))
    assert {r["event"].actor_label for r in by_user} == {"supervisor"}
    by_record = rows(client.get("/audit/", {"record": str(trail["child"].pk)}))
    assert [r["event"].action for r in by_record] == [
        "person.update",
        "person.update",
        "person.create",
    ]
    # Labels of records about people carry a short id, never a name (auditors
    # without clearance read the trail).
    assert not rows(client.get("/audit/", {"record": "otieno"}))
    by_label = rows(client.get("/audit/", {"record": str(trail["other"].pk)[:8]}))
    assert {r["event"].object_id for r in by_label} == {str(trail["other"].pk)}
    by_action = rows(client.get("/audit/", {"action": "person.upd"}))
    assert len(by_action) == 2


def test_filter_by_outcome_and_dates(trail, worker, auditor, signed_in):
    signed_in(worker).get("/audit/")  # refused: an access.denied event
    client = signed_in(auditor)
    denied = rows(client.get("/audit/", {"outcome": "denied"}))
    assert [r["event"].action for r in denied] == ["access.denied"]
    today = clock.today()
    assert rows(client.get("/audit/", {"since": today, "until": today, "action": "person."}))
    tomorrow = today + dt.timedelta(days=1)
    assert not rows(client.get("/audit/", {"since": tomorrow, "action": "person."}))
    yesterday = today - dt.timedelta(days=1)
    assert not rows(client.get("/audit/", {"until": yesterday, "action": "person."}))


def test_newest_first_and_paginated(auditor, signed_in, db):
    from hearth.audit.services import record

    for n in range(60):
        record(actor=None, actor_label="bulk", action="test.bulk", detail={"n": n})
    client = signed_in(auditor)
    first = client.get("/audit/", {"action": "test.bulk"})
    seqs = [r["event"].seq for r in rows(first)]
    assert len(seqs) == 50 and seqs == sorted(seqs, reverse=True)
    second = rows(client.get("/audit/", {"action": "test.bulk", "page": 2}))
    assert len(second) == 10 and second[0]["event"].seq < seqs[-1]


def test_changes_masked_by_the_auditors_clearance(trail, auditor, supervisor, signed_in):
    """The auditor (clearance 0) sees that the phone changed, not the numbers;
    a supervisor with audit.view and clearance 2 would see them."""
    page = signed_in(auditor).get("/audit/", {"action": "person.update"})
    changes = {c["field"]: c for r in rows(page) for c in r["changes"]}
    assert changes["phone"]["masked"] and changes["phone"]["after"] == "•••"
    html = page.content.decode()
    assert "0700 000 002" not in html
    # Disabilities are sensitive (level 2): never stored, masked for everyone.
    assert changes["disabilities"]["after"] == "•••"
    event = AuditEvent.objects.filter(action="person.update", actor_label="worker").get()
    assert event.changes["phone"] == ["0700 000 001", "0700 000 002"]
    cleared = Role.objects.create(
        code="case_auditor",
        name="Case auditor",
        permissions=["audit.view"],
        scope="all",
        clearance=2,
    )
    supervisor.roles.add(cleared)
    page = signed_in(supervisor).get("/audit/", {"action": "person.update", "user": "worker"})
    assert rows(page)[0]["changes"][0] == {
        "field": "phone",
        "before": "0700 000 001",
        "after": "0700 000 002",
        "masked": False,
    }


def test_each_event_shows_who_what_when_where(auditor, signed_in, client, db):
    client.post(
        "/accounts/login/",
        {"username": "ghost", "password": "nope"},
        HTTP_USER_AGENT="Probe/1.0",
    )
    page = signed_in(auditor).get("/audit/", {"action": "auth.login_failed"}).content.decode()
    for expected in ("ghost", "auth.login_failed", "127.0.0.1", "Probe/1.0", "refused"):
        assert expected in page


def test_viewing_is_audited_with_the_filters(auditor, signed_in):
    signed_in(auditor).get("/audit/", {"user": "worker", "action": "person."})
    event = AuditEvent.objects.filter(action="audit.search").latest("seq")
    assert event.actor_label == "auditor"
    assert event.detail["filters"] == {"user": "worker", "action": "person."}


def test_csv_export_streams_the_filtered_events_and_is_audited(trail, auditor, signed_in):
    response = signed_in(auditor).get("/audit/export.csv", {"action": "person."})
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(content)))
    assert {r["action"] for r in table} == {"person.create", "person.update"}
    assert len(table) == 4
    assert "0700 000 002" not in content  # masked as on screen
    export = AuditEvent.objects.get(action="audit.export")
    assert export.detail["filters"] == {"action": "person."}
    assert export.seq > max(int(r["seq"]) for r in table)


def test_csv_cells_cannot_become_formulas(auditor, signed_in, db):
    from hearth.audit.services import record

    record(actor=None, actor_label='=HYPERLINK("http://x")', action="test.formula")
    response = signed_in(auditor).get("/audit/export.csv", {"action": "test.formula"})
    table = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert table[0]["actor"].startswith("'=")


def test_export_walks_past_one_slice(auditor, signed_in, db, monkeypatch):
    from hearth.audit import export
    from hearth.audit.services import record

    monkeypatch.setattr(export, "CHUNK", 3)
    for n in range(8):
        record(actor=None, action="test.slice", detail={"n": n})
    response = signed_in(auditor).get("/audit/export.csv", {"action": "test.slice"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 9


def test_export_needs_audit_view(worker, signed_in):
    assert signed_in(worker).get("/audit/export.csv").status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()
