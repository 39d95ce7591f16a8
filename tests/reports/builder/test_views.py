"""The builder's pages: preview with links, narrowing when the measure changes,
saving, the lists, a shared report showing each viewer their own numbers, exports
(audited), owner-only forms, and constant queries on the list."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from hearth.accounts.models import Role
from hearth.audit.models import AuditEvent
from hearth.reports.builder import services
from hearth.reports.models import SavedReport
from tests.conftest import make_user

BUILD = "/reports/builder/"
QUERY = {"indicator": "records.cases", "period": "2026Q1", "rows": "sex", "columns": "risk"}


def test_the_preview_shows_the_table_with_links_to_the_records(world, signed_in, worker):
    page = signed_in(worker).get(BUILD, QUERY)
    body = page.content.decode()
    assert page.status_code == 200
    link = (
        "/reports/records/?indicator=records.cases&amp;period=2026Q1&amp;sex=female&amp;risk=high"
    )
    assert f'<a href="{link}">2</a>' in body
    assert "Numbers count only the records you may see" in body
    # A caseworker may preview but not save.
    assert "Save report" not in body


def test_changing_the_measure_keeps_only_the_dimensions_it_allows(world, signed_in, supervisor):
    client = signed_in(supervisor)
    # Care type is not a dimension of a count of cases: dropped, not an error.
    page = client.get(BUILD, {**QUERY, "rows": "care_type", "f_care_type": "foster"},
                      HTTP_HX_REQUEST="true")  # fmt: skip
    body = page.content.decode()
    assert page.status_code == 200
    assert 'value="care_type"' not in body and "f_care_type" not in body
    care = client.get(BUILD, {**QUERY, "indicator": "records.care_arrangements"}).content.decode()
    assert '<option value="care_type"' in care and 'name="f_care_type"' in care


def test_a_bad_period_is_said_clearly(world, signed_in, worker):
    body = signed_in(worker).get(BUILD, {**QUERY, "period": "2026-13"}).content.decode()
    assert "Write the period as 202611 (month)" in body
    assert "report-table" not in body


def test_saving_from_the_builder(world, signed_in, supervisor):
    client = signed_in(supervisor)
    page = client.post(BUILD, {**QUERY, "title": "Q1 caseload", "description": ""})
    report = SavedReport.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/reports/saved/{report.pk}/"
    assert (report.indicator, report.rows, report.columns, report.period) == (
        "records.cases", "sex", "risk", "2026Q1",
    )  # fmt: skip


def test_saving_a_bad_report_saves_nothing_and_says_why(world, signed_in, supervisor):
    page = signed_in(supervisor).post(BUILD, {**QUERY, "period": "nope", "title": "X"})
    assert page.status_code == 200
    assert "Write the period as" in page.content.decode()
    assert not SavedReport.objects.exists()


def test_a_caseworker_cannot_save_even_by_posting(world, signed_in, worker):
    page = signed_in(worker).post(BUILD, {**QUERY, "title": "Mine"})
    assert page.status_code == 403
    assert not SavedReport.objects.exists()


@pytest.fixture
def shared(world, supervisor):
    report = services.saved_report_create(actor=supervisor, title="Q1 by sex and risk", **QUERY)
    services.saved_report_share(
        actor=supervisor, report=report, roles=[Role.objects.get(code="caseworker")]
    )
    return report


def test_a_shared_report_shows_each_viewer_their_own_numbers(
    shared, signed_in, worker_elsewhere, client
):
    page = signed_in(worker_elsewhere).get(f"/reports/saved/{shared.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Others who open this report see the numbers of their own scope" in body
    # Only their own case: one male, low risk. Nothing of the north's five.
    assert ">5</a>" not in body and ">2</a>" not in body and ">1</a>" in body
    # Not the owner: no sharing, schedule or remove forms.
    assert "Save sharing" not in body and "Remove this report" not in body


def test_the_owner_sees_the_forms_and_the_list_splits_mine_and_shared(
    shared, signed_in, supervisor, worker, client
):
    body = signed_in(supervisor).get(f"/reports/saved/{shared.pk}/").content.decode()
    assert "Save sharing" in body and "Save schedule" in body
    listing = signed_in(worker).get("/reports/saved/").content.decode()
    assert "Q1 by sex and risk" in listing and "You have not saved a report." in listing


@pytest.mark.parametrize("who", ["manager", "clerk", "administrator"])
def test_others_get_not_found_or_forbidden(shared, signed_in, who, request):
    page = signed_in(request.getfixturevalue(who)).get(f"/reports/saved/{shared.pk}/")
    assert page.status_code in (403, 404)
    assert "Q1 by sex and risk" not in page.content.decode()


def test_exports_of_a_saved_report_are_files_and_audited(shared, signed_in, worker):
    client = signed_in(worker)
    text = client.get(f"/reports/saved/{shared.pk}/export.csv").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[-1] == ["Total", "2", "1", "2", "5"]
    response = client.get(f"/reports/saved/{shared.pk}/export.xlsx")
    assert response["Content-Disposition"].endswith('-2026Q1.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert list(book.worksheets[0].iter_rows(values_only=True))[-1] == ("Total", 2, 1, 2, 5)
    events = AuditEvent.objects.filter(action="report.export", actor_id=worker.pk)
    assert sorted(e.detail["format"] for e in events) == ["csv", "xlsx"]
    assert {e.object_id for e in events} == {str(shared.pk)}


def test_exports_from_the_builder_are_audited_too(world, signed_in, worker):
    client = signed_in(worker)
    response = client.get("/reports/builder/export.csv", QUERY)
    assert response.status_code == 200 and b"Female" in response.content
    event = AuditEvent.objects.get(action="report.export")
    assert event.detail["indicator"] == "records.cases" and event.detail["format"] == "csv"
    # Nothing to export: back to the builder, which says what is missing.
    assert client.get("/reports/builder/export.xlsx").status_code == 302


def test_sharing_and_scheduling_from_the_page(shared, signed_in, supervisor):
    client = signed_in(supervisor)
    page = client.post(f"/reports/saved/{shared.pk}/schedule/",
                       {"version": shared.version, "schedule": "monthly", "day": 2})  # fmt: skip
    # A fixed period cannot be scheduled: the form says so, nothing changes.
    assert page.status_code == 400 and "last complete period" in page.content.decode()
    assert SavedReport.objects.get(pk=shared.pk).schedule == "none"
    page = client.post(f"/reports/saved/{shared.pk}/share/",
                       {"version": shared.version, "roles": []})  # fmt: skip
    assert page.status_code == 302
    assert not SavedReport.objects.get(pk=shared.pk).shared_with.exists()


def test_a_stale_form_is_a_conflict_message(shared, signed_in, supervisor):
    client = signed_in(supervisor)
    page = client.post(f"/reports/saved/{shared.pk}/share/", {"version": 1, "roles": []})
    assert page.status_code == 400
    assert "Someone else changed this record" in page.content.decode()


def test_the_list_takes_the_same_queries_for_few_and_many_reports(world, signed_in, supervisor):
    client = signed_in(supervisor)
    client.get("/reports/saved/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reports/saved/").status_code == 200
        return len(queries)

    services.saved_report_create(actor=supervisor, title="One", **QUERY)
    few = count()
    for n in range(5):
        services.saved_report_create(actor=supervisor, title=f"More {n}", **QUERY)
    assert count() == few


def test_the_owner_changes_a_report_in_the_builder(shared, signed_in, supervisor):
    client = signed_in(supervisor)
    page = client.get(BUILD, {"report": shared.pk}).content.decode()
    assert "Change “Q1 by sex and risk”" in page and 'value="Q1 by sex and risk"' in page
    changed = client.post(BUILD, {**QUERY, "columns": "", "report": shared.pk,
                                  "version": shared.version, "title": "Q1 by sex"})  # fmt: skip
    assert changed.status_code == 302
    report = SavedReport.objects.get()
    assert (report.pk, report.title, report.columns) == (shared.pk, "Q1 by sex", "")
    stale = client.post(BUILD, {**QUERY, "report": shared.pk, "version": shared.version,
                                "title": "Lost update"})  # fmt: skip
    assert "Someone else changed this record" in stale.content.decode()
    assert SavedReport.objects.get().title == "Q1 by sex"


def test_someone_it_is_shared_with_saves_a_copy_not_a_change(shared, signed_in, supervisor):
    colleague = make_user("colleague", "supervisor", agency=supervisor.agency)
    services.saved_report_share(
        actor=supervisor, report=shared, roles=[Role.objects.get(code="supervisor")],
        expected_version=shared.version,
    )  # fmt: skip
    client = signed_in(colleague)
    page = client.post(BUILD, {**QUERY, "report": shared.pk, "title": "My copy"})
    assert page.status_code == 302
    assert SavedReport.objects.get(pk=shared.pk).title == "Q1 by sex and risk"
    assert SavedReport.objects.get(title="My copy").owner == colleague


def test_saving_a_dimension_the_measure_does_not_allow_is_refused(world, signed_in, supervisor):
    page = signed_in(supervisor).post(BUILD, {**QUERY, "rows": "care_type", "title": "X"})
    assert "cannot be broken down by Care type" in page.content.decode()
    assert not SavedReport.objects.exists()
