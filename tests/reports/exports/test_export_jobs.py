"""Export jobs: made in the background with progress, downloadable by their owner
only and only until they expire, deleted by the periodic purge, audited at every
step; the pages and the API over them."""

import datetime as dt

import pytest

from hearth.access.sensitivity import MASK
from hearth.audit.models import AuditEvent
from hearth.core import clock
from hearth.reports.exports import runner, services
from hearth.reports.models import ExportJob
from tests.reports.exports.helpers import (
    csv_rows,
    file_of,
    role,
    share_consent,
)

START = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    clock.freeze(START)
    yield START
    clock.freeze(None)


@pytest.fixture
def cases(make_case, worker, frozen):
    made = [make_case(worker) for _ in range(3)]
    share_consent(worker, made[0])
    return made


def test_a_job_reports_its_rows_and_expires_a_day_later(cases, worker, export):
    job = export(worker)
    assert job.status == ExportJob.Status.DONE
    assert (job.rows_done, job.rows_total, job.percent) == (3, 3, 100)
    assert job.started_at == job.finished_at == START
    assert job.expires_at == START + dt.timedelta(hours=24)
    assert file_of(job).is_file()
    assert job.file_size == file_of(job).stat().st_size


def test_progress_is_written_while_the_file_is_made(cases, worker, export, monkeypatch):
    """Each step of progress lands on the job row, where the page reads it, while
    rows are still being read a batch at a time."""
    from hearth.reports.exports import writers

    monkeypatch.setattr(writers, "PROGRESS_EVERY", 1)
    monkeypatch.setattr("hearth.reports.exports.rows.BATCH", 2)
    seen = []
    original = writers._counted

    def counted(rows, progress):
        def report(done):
            progress(done)
            job = ExportJob.objects.get()
            seen.append((job.status, job.rows_done, job.rows_total))

        return original(rows, report)

    monkeypatch.setattr(writers, "_counted", counted)
    job = export(worker)
    assert seen == [("running", 1, 3), ("running", 2, 3), ("running", 3, 3), ("running", 3, 3)]
    # Read in two batches, each with its own consents: only the first case shares.
    names = {row["Case number"]: row["Given name"] for row in csv_rows(job)}
    assert names == {cases[0].number: "Amina", cases[1].number: MASK, cases[2].number: MASK}


def test_every_export_and_download_is_audited(cases, worker, export, signed_in):
    job = export(worker, filters={"risk": "medium"}, format="xlsx", password="a long password 1")
    requested = AuditEvent.objects.get(action="export.request")
    created = AuditEvent.objects.get(action="export.create")
    for event in (requested, created):
        assert event.actor_id == worker.pk and event.object_id == str(job.pk)
        assert event.detail["format"] == "xlsx"
        assert event.detail["encrypted"] is True
        assert event.detail["filters"] == {"risk": "medium"}
        assert event.detail["override_reason"] == ""
    assert created.detail["rows"] == 3
    assert created.detail["channel"] == "job"
    response = signed_in(worker).get(f"/exports/{job.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    download = AuditEvent.objects.get(action="export.download")
    assert download.actor_id == worker.pk and download.object_id == str(job.pk)


def test_download_is_for_the_owner_only(cases, worker, supervisor, export, signed_in):
    job = export(worker)
    assert signed_in(supervisor).get(f"/exports/{job.pk}/download/").status_code == 404
    assert signed_in(supervisor).get(f"/exports/{job.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="export.download").exists()


def test_download_is_refused_after_expiry_and_the_purge_deletes_the_file(
    cases, worker, export, signed_in
):
    job = export(worker)
    client = signed_in(worker)
    path = file_of(job)
    clock.freeze(START + dt.timedelta(hours=23, minutes=59))
    assert client.get(f"/exports/{job.pk}/download/").status_code == 200
    clock.freeze(START + dt.timedelta(hours=24))
    response = client.get(f"/exports/{job.pk}/download/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    shown = client.get(f"/exports/{job.pk}/").content.decode()
    assert "has expired" in shown and f"/exports/{job.pk}/download/" not in shown
    assert services.exports_purge() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and job.file_path == ""
    assert not path.exists()
    expired = AuditEvent.objects.get(action="export.expire")
    assert expired.object_id == str(job.pk)
    assert services.exports_purge() == 0  # nothing left to do
    assert client.get(f"/exports/{job.pk}/download/").status_code == 410


def test_a_job_whose_owner_lost_the_right_fails_and_says_so(
    cases, worker, django_capture_on_commit_callbacks
):
    job = services.export_request(actor=worker, columns=["number"])  # not run yet
    worker.roles.set([role("caseworker", permissions=["report.view"])])
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error and not job.file_path
    failed = AuditEvent.objects.get(action="export.create")
    assert failed.outcome == AuditEvent.Outcome.FAILED
    assert list(services.export_folder().iterdir()) == []


def test_a_job_runs_once(cases, worker, export):
    job = export(worker)
    runner.run(job.pk)  # a second worker taking the same job finds it done
    assert AuditEvent.objects.filter(action="export.create").count() == 1


# --- pages ----------------------------------------------------------------------------


def test_pages_make_an_export_and_follow_it(
    cases, worker, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(worker)
    page = client.get("/exports/new/")
    assert page.status_code == 200
    assert b'name="columns"' in page.content
    assert b"override_reason" not in page.content  # the worker may not override consent
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exports/new/",
            {"format": "csv", "columns": ["number", "given_name"], "password": "",
             "password_again": ""},
        )  # fmt: skip
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/exports/{job.pk}/"
    shown = client.get(response.url).content.decode()
    assert "Case number, Given name" in shown and "All you may see" in shown
    assert "Ready to download" in shown and f"/exports/{job.pk}/download/" in shown
    assert f"/exports/{job.pk}/progress/" not in shown  # finished: no more polling
    listed = client.get("/exports/").content.decode()
    assert f"/exports/{job.pk}/" in listed


def test_the_progress_fragment_polls_until_done(worker, signed_in, db):
    job = services.export_request(actor=worker, columns=["number"])  # queued, not run
    ExportJob.objects.filter(pk=job.pk).update(status="running", rows_done=40, rows_total=100)
    fragment = signed_in(worker).get(f"/exports/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert 'value="40"' in fragment and "40 of 100 rows" in fragment


def test_the_form_checks_the_passwords_match(cases, worker, signed_in):
    response = signed_in(worker).post(
        "/exports/new/",
        {"format": "csv", "columns": ["number"], "password": "a long password 1",
         "password_again": "a long password 2"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "not the same" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_deidentified_page_needs_the_permission(worker, manager, signed_in):
    assert signed_in(worker).get("/exports/new/?kind=deidentified").status_code == 403
    page = signed_in(manager).get("/exports/new/?kind=deidentified")
    assert page.status_code == 200 and b"area_level" in page.content


def test_auditors_have_no_exports(auditor, signed_in):
    assert signed_in(auditor).get("/exports/").status_code == 403


# --- API ------------------------------------------------------------------------------


def test_api_create_poll_and_download(cases, worker, api, django_capture_on_commit_callbacks):
    client = api(worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/exports",
            {"format": "json", "columns": ["number", "given_name"]},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    status = client.get(f"/api/v1/exports/{job_id}").json()
    assert status["status"] == "done" and status["rows_done"] == 3
    assert status["download"] == f"/api/v1/exports/{job_id}/download"
    download = client.get(status["download"])
    assert download.status_code == 200
    rows = __import__("json").loads(b"".join(download.streaming_content))
    assert {r["number"] for r in rows} == {c.number for c in cases}
    listed = client.get("/api/v1/exports").json()
    assert listed["total"] == 1


def test_api_refuses_bad_input_and_other_peoples_exports(cases, worker, supervisor, api, export):
    job = export(worker)
    client = api(supervisor)
    assert client.get(f"/api/v1/exports/{job.pk}").status_code == 404
    assert client.get(f"/api/v1/exports/{job.pk}/download").status_code == 404
    response = client.post(
        "/api/v1/exports", {"password": "short"}, content_type="application/json"
    )
    assert response.status_code == 422 and "password" in response.json()["errors"]
