"""The retention policy from the command line and from its page (B9)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from hearth.audit.models import AuditEvent
from hearth.cases import work
from hearth.cases.models import Case, RetentionRun


@pytest.fixture
def old_case(make_case, worker):
    case = make_case(worker, summary="Left at the clinic gate.")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=dt.date(2001, 1, 1))
    work.sync([case.pk])  # past the services: keep the open work too
    return case


def test_command_dry_run_reports_without_changing(old_case):
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Dry run: nothing was changed." in text
    assert old_case.number in text and "cases: 1" in text
    assert Case.objects.get(pk=old_case.pk).summary == "Left at the clinic gate."
    run = RetentionRun.objects.get()
    assert run.dry_run and run.created_by.username == "hearth-system"


def test_command_anonymises(old_case):
    out = StringIO()
    call_command("retention", stdout=out)
    assert "Retention run done." in out.getvalue()
    assert Case.objects.get(pk=old_case.pk).summary == ""
    assert AuditEvent.objects.filter(action="retention.run", detail__dry_run=False).exists()


def test_page_needs_the_permission(worker, supervisor, signed_in):
    for user in (worker, supervisor):
        assert signed_in(user).get("/cases/retention/").status_code == 403


def test_administrator_runs_it_from_the_page(old_case, administrator, signed_in):
    client = signed_in(administrator)
    page = client.get("/cases/retention/")
    assert page.status_code == 200 and "10 years" in page.content.decode()
    assert client.get("/cases/retention/run/").status_code == 405
    client.post("/cases/retention/run/", {"dry_run": "1"})
    assert Case.objects.get(pk=old_case.pk).summary  # the dry run changed nothing
    listed = client.get("/cases/retention/").content.decode()
    assert old_case.number in listed and "Amina" not in listed
    client.post("/cases/retention/run/", {"dry_run": "0"})
    assert Case.objects.get(pk=old_case.pk).summary == ""
    assert RetentionRun.objects.filter(dry_run=False, created_by=administrator).exists()
