"""Monthly runs: on the report's day, for the last complete month, as the owner;
the XLSX kept as the owner's export; the owner told; never twice for a period."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from hearth.audit.models import AuditEvent
from hearth.notify.models import Notification
from hearth.reports.builder import services
from hearth.reports.builder.schedule import reports_run_scheduled
from hearth.reports.models import ExportJob, ScheduledRun


@pytest.fixture
def files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def monthly(world, supervisor, files):
    report = services.saved_report_create(
        actor=supervisor, title="Monthly caseload", indicator="records.cases", rows="risk",
        period_kind="month",
    )  # fmt: skip
    services.saved_report_schedule(actor=supervisor, report=report, schedule="monthly", day=5)
    return report


def test_not_before_its_day(monthly):
    assert reports_run_scheduled(dt.date(2026, 3, 4)) == []
    assert not ScheduledRun.objects.exists()


def test_on_its_day_it_runs_for_the_last_complete_month_as_the_owner(monthly, supervisor):
    [run] = reports_run_scheduled(dt.date(2026, 3, 5))
    assert (run.period, run.error) == ("202602", "")
    job = run.export
    assert (job.owner, job.kind, job.format, job.status) == (supervisor, "report", "xlsx", "done")
    book = load_workbook(Path(settings.MEDIA_ROOT) / job.file_path)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    # February 2026, the supervisor's team (the worker's cases): c1, c2, c4, c5 open.
    assert rows == [("Risk level", "Total"), ("High", 2), ("Low", 1), ("Medium", 1),
                    ("Total", 4)]  # fmt: skip
    note = Notification.objects.get(recipient=supervisor, kind="report_ready")
    assert "202602" in note.title and note.link == f"/reports/saved/{monthly.pk}/"
    monthly.refresh_from_db()
    assert monthly.last_run_period == "202602"
    assert AuditEvent.objects.filter(action="report.run", object_id=str(monthly.pk)).count() == 1


def test_never_twice_for_the_same_period(monthly):
    reports_run_scheduled(dt.date(2026, 3, 5))
    assert reports_run_scheduled(dt.date(2026, 3, 6)) == []
    assert reports_run_scheduled(dt.date(2026, 3, 28)) == []
    out = io.StringIO()
    call_command("run-scheduled-reports", "--date", "2026-03-20", stdout=out)
    assert "0 reports run" in out.getvalue()
    assert ScheduledRun.objects.count() == 1 and ExportJob.objects.count() == 1
    # The next month is a new period.
    assert [r.period for r in reports_run_scheduled(dt.date(2026, 4, 5))] == ["202603"]


def test_a_missed_day_is_caught_up_later_in_the_month(monthly):
    assert [r.period for r in reports_run_scheduled(dt.date(2026, 3, 17))] == ["202602"]


def test_an_owner_who_lost_the_right_gets_a_failed_run_not_a_file(monthly, supervisor):
    supervisor.roles.clear()
    [run] = reports_run_scheduled(dt.date(2026, 3, 5))
    assert run.error and run.export is None
    assert not ExportJob.objects.exists()
    assert AuditEvent.objects.get(action="report.run").outcome == "failed"
    # Recorded: the failure is not retried every day for the same period.
    assert reports_run_scheduled(dt.date(2026, 3, 6)) == []


def test_unscheduled_and_voided_reports_do_not_run(monthly, supervisor):
    services.saved_report_void(actor=supervisor, report=monthly, reason="Not needed")
    assert reports_run_scheduled(dt.date(2026, 3, 5)) == []


def test_the_command_runs_what_is_due(monthly):
    out = io.StringIO()
    call_command("run-scheduled-reports", "--date", "2026-03-05", stdout=out)
    assert "202602" in out.getvalue() and "1 report run" in out.getvalue()
