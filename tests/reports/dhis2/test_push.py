"""Sending to a fake DHIS2 on 127.0.0.1: both shapes of import summary, a 409 with
conflicts, a 500, and nobody listening. Every try is stored."""

import base64
import datetime as dt

import pytest

from hearth.audit.models import AuditEvent
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from hearth.reports.dhis2 import push, services
from hearth.reports.indicators import Period
from hearth.reports.models import DataElementMapping, Dhis2Submission
from tests.reports.dhis2.conftest import (
    COC_DEFAULT,
    DE_REGISTERED,
    free_port_without_server,
)

PERIOD = Period.parse("202602")

OLD_SUMMARY = {
    "responseType": "ImportSummary",
    "status": "SUCCESS",
    "description": "Import process completed successfully",
    "importCount": {"imported": 1, "updated": 1, "ignored": 0, "deleted": 0},
    "dataSetComplete": "false",
}
WEB_MESSAGE = {
    "httpStatus": "OK",
    "httpStatusCode": 200,
    "status": "OK",
    "message": "Import was successful.",
    "response": {
        "responseType": "ImportSummary",
        "status": "SUCCESS",
        "importCount": {"imported": 0, "updated": 2, "ignored": 0, "deleted": 0},
        "conflicts": [],
    },
}
CONFLICT_409 = {
    "httpStatus": "Conflict",
    "httpStatusCode": 409,
    "status": "WARNING",
    "message": "One more conflicts encountered, please check import summary.",
    "response": {
        "responseType": "ImportSummary",
        "status": "WARNING",
        "importCount": {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0},
        "conflicts": [
            {
                "objects": {"orgUnit": "ouSouth0001"},
                "value": "Organisation unit not found or not accessible",
                "errorCode": "E7612",
            }
        ],
    },
}


@pytest.fixture
def world(make_case, worker, worker_elsewhere, places, national, org_units):
    clock.freeze(dt.datetime(2026, 2, 20, 12, 0))
    try:
        make_case(worker, registration_date=dt.date(2026, 2, 2))
        make_case(worker_elsewhere, registration_date=dt.date(2026, 2, 3),
                  location=places["south_village"])  # fmt: skip
    finally:
        clock.freeze(None)
    services.data_element_mapping_create(
        actor=national, indicator_code="cases.registered", disaggregation="total",
        data_element=DE_REGISTERED, category_option_combo=COC_DEFAULT,
    )  # fmt: skip


def configure(national, url, auth="basic"):
    return services.server_configure(
        actor=national,
        base_url=url,
        auth=auth,
        username="hearth" if auth == "basic" else "",
        secret="d2pat_token_or_password",
    )


def test_old_flat_import_summary(world, national, fake_dhis2):
    configure(national, fake_dhis2.url)
    fake_dhis2.answers.append((200, OLD_SUMMARY))
    sent = push.submission_push(actor=national, period=PERIOD)
    sent.refresh_from_db()
    assert sent.status == Dhis2Submission.Status.SUCCESS
    assert (sent.http_status, sent.imported, sent.updated, sent.ignored) == (200, 1, 1, 0)
    assert sent.import_summary == OLD_SUMMARY
    request = fake_dhis2.received[0]
    assert request["path"].startswith("/api/dataValueSets?")
    assert "dryRun" not in request["path"]
    assert request["body"] == sent.payload
    assert {v["orgUnit"] for v in request["body"]["dataValues"]} == {"ouNorth0001", "ouSouth0001"}
    expected = "Basic " + base64.b64encode(b"hearth:d2pat_token_or_password").decode()
    assert request["headers"]["Authorization"] == expected
    assert request["headers"]["Content-Type"] == "application/json"
    assert sent.created_by == national
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"dhis2.submission_create", "dhis2.submission_send"} <= actions


def test_newer_web_message_with_a_token_and_a_dhis2_dry_run(world, national, fake_dhis2):
    configure(national, fake_dhis2.url, auth="token")
    fake_dhis2.answers.append((200, WEB_MESSAGE))
    sent = push.submission_push(actor=national, period=PERIOD, dry_run=True)
    assert sent.status == Dhis2Submission.Status.SUCCESS
    assert (sent.imported, sent.updated) == (0, 2)
    request = fake_dhis2.received[0]
    assert "dryRun=true" in request["path"]
    assert request["headers"]["Authorization"] == "ApiToken d2pat_token_or_password"


def test_409_with_conflicts_is_stored_as_a_warning(world, national, fake_dhis2):
    configure(national, fake_dhis2.url)
    fake_dhis2.answers.append((409, CONFLICT_409))
    sent = push.submission_push(actor=national, period=PERIOD)
    stored = Dhis2Submission.objects.get(pk=sent.pk)
    assert stored.status == Dhis2Submission.Status.WARNING
    assert stored.http_status == 409
    assert (stored.imported, stored.ignored) == (1, 1)
    assert stored.conflicts == [
        {"object": "ouSouth0001", "value": "Organisation unit not found or not accessible",
         "error_code": "E7612"}
    ]  # fmt: skip


def test_old_summary_with_error_status_and_flat_conflicts(world, national, fake_dhis2):
    configure(national, fake_dhis2.url)
    fake_dhis2.answers.append(
        (200, {"responseType": "ImportSummary", "status": "ERROR",
               "importCount": {"imported": 0, "updated": 0, "ignored": 2},
               "conflicts": [{"object": "deRegister1", "value": "Data element not found"}]})
    )  # fmt: skip
    sent = push.submission_push(actor=national, period=PERIOD)
    assert sent.status == Dhis2Submission.Status.ERROR
    assert sent.ignored == 2
    assert sent.conflicts[0]["object"] == "deRegister1"


def test_500_without_summary_fails_with_a_clear_message(world, national, fake_dhis2):
    configure(national, fake_dhis2.url)
    fake_dhis2.answers.append((500, "<html>Internal Server Error</html>"))
    sent = push.submission_push(actor=national, period=PERIOD)
    stored = Dhis2Submission.objects.get(pk=sent.pk)
    assert stored.status == Dhis2Submission.Status.FAILED
    assert stored.http_status == 500
    assert "500" in stored.message
    assert AuditEvent.objects.filter(action="dhis2.submission_send", outcome="failed").exists()


def test_nobody_listening_fails_with_a_clear_message(world, national):
    configure(national, f"http://127.0.0.1:{free_port_without_server()}")
    sent = push.submission_push(actor=national, period=PERIOD)
    stored = Dhis2Submission.objects.get(pk=sent.pk)
    assert stored.status == Dhis2Submission.Status.FAILED
    assert stored.http_status is None
    assert "Could not reach DHIS2" in stored.message
    assert stored.payload["dataValues"]  # what was meant to go is kept


def test_queued_sending_runs_as_a_job(
    world, national, fake_dhis2, django_capture_on_commit_callbacks
):
    configure(national, fake_dhis2.url)
    fake_dhis2.answers.append((200, WEB_MESSAGE))
    with django_capture_on_commit_callbacks(execute=True):
        sent = push.submission_push(actor=national, period=PERIOD, queue=True)
    sent.refresh_from_db()
    assert sent.status == Dhis2Submission.Status.SUCCESS
    assert len(fake_dhis2.received) == 1


def test_no_server_no_values_and_no_permission_are_refused(world, national, worker, fake_dhis2):
    with pytest.raises(Refused, match="No DHIS2 server"):
        push.submission_push(actor=national, period=PERIOD)
    configure(national, fake_dhis2.url)
    mapped = DataElementMapping.objects.get()
    services.data_element_mapping_void(actor=national, mapping_row=mapped, reason="Wrong element")
    with pytest.raises(Refused, match="nothing to send"):
        push.submission_push(actor=national, period=PERIOD)
    with pytest.raises(Forbidden):
        push.submission_push(actor=worker, period=PERIOD)
    assert not Dhis2Submission.objects.exists()
    assert fake_dhis2.received == []
