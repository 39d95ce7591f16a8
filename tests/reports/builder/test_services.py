"""Saving, changing, sharing, scheduling and voiding reports: who may, what is
refused (with a message, nothing saved), conflicts, and the audit trail."""

import pytest
from django.core.exceptions import ValidationError

from hearth.accounts.models import Role
from hearth.audit.models import AuditEvent
from hearth.core.errors import Conflict, Forbidden, NotFound
from hearth.reports.builder import queries, services
from hearth.reports.models import SavedReport


def save(actor, **overrides):
    values = {"title": "Cases by sex and risk", "indicator": "records.cases", "rows": "sex",
              "columns": "risk", "period": "2026Q1"}  # fmt: skip
    values.update(overrides)
    return services.saved_report_create(actor=actor, **values)


def test_a_supervisor_saves_a_report_and_it_is_audited(supervisor):
    report = save(supervisor, filters={"area_1": "N", "sex": ""})
    assert (report.owner, report.period_kind, report.period) == (supervisor, "quarter", "2026Q1")
    assert report.filters == {"area_1": "N"}
    event = AuditEvent.objects.get(action="report.create")
    assert event.actor_id == supervisor.pk and event.object_id == str(report.pk)


def test_the_last_complete_period_is_kept_as_no_fixed_period(supervisor):
    report = save(supervisor, period="", period_kind="year")
    assert (report.period, report.period_kind) == ("", "year")


def test_a_caseworker_may_not_save_a_report(worker):
    with pytest.raises(Forbidden):
        save(worker)
    assert not SavedReport.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"indicator": "nope"}, "indicator", "Choose a measure"),
        ({"rows": "care_type"}, "rows", "cannot be broken down by Care type"),
        ({"columns": "sex"}, "columns", "different rows and columns"),
        ({"rows": "", "columns": "risk"}, "rows", "rows before columns"),
        ({"filters": {"care_type": "foster"}}, "filters", "cannot be filtered by Care type"),
        ({"period": "2026-13"}, "period", "Write the period as"),
        ({"period": "", "period_kind": "week"}, "period", "month, a quarter or a year"),
        ({"title": "  "}, "title", "title"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    supervisor, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        save(supervisor, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert not SavedReport.objects.exists()
    assert not AuditEvent.objects.filter(action="report.create").exists()


def test_only_the_owner_changes_a_report(supervisor, manager):
    report = save(supervisor)
    with pytest.raises(Forbidden):
        services.saved_report_update(actor=manager, report=report, title="Mine now")
    services.saved_report_update(actor=supervisor, report=report, title="Renamed", rows="risk",
                                 columns="")  # fmt: skip
    report.refresh_from_db()
    assert (report.title, report.rows, report.columns, report.version) == ("Renamed", "risk", "", 2)
    event = AuditEvent.objects.get(action="report.update")
    assert event.changes["title"] == ["Cases by sex and risk", "Renamed"]


def test_a_change_on_a_stale_copy_is_a_conflict(supervisor):
    report = save(supervisor)
    first, second = (SavedReport.objects.get(pk=report.pk) for _ in range(2))
    services.saved_report_update(actor=supervisor, report=first, title="First", expected_version=1)
    with pytest.raises(Conflict):
        services.saved_report_update(
            actor=supervisor, report=second, title="Second", expected_version=1
        )
    assert SavedReport.objects.get(pk=report.pk).title == "First"


def test_a_bad_change_changes_nothing(supervisor):
    report = save(supervisor)
    with pytest.raises(ValidationError):
        services.saved_report_update(actor=supervisor, report=report, rows="care_type")
    assert SavedReport.objects.get(pk=report.pk).rows == "sex"


# --- sharing: owner / shared role / other role / no report.view ----------------------


@pytest.fixture
def shared(supervisor):
    report = save(supervisor)
    services.saved_report_share(
        actor=supervisor, report=report, roles=[Role.objects.get(code="caseworker")]
    )
    return report


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("supervisor", True),  # the owner
        ("worker", True),  # caseworker: the role it is shared with
        ("worker_elsewhere", True),  # the same role, elsewhere
        ("manager", False),  # another role that may see reports
        ("auditor", False),  # another role
        ("clerk", False),  # no report.view
        ("administrator", False),  # no report.view
    ],
)
def test_who_sees_a_shared_report(shared, who, sees, request):
    user = request.getfixturevalue(who)
    assert (shared in queries.reports_for(user)) is sees
    if not sees:
        with pytest.raises(NotFound):
            queries.report_for(user, shared.pk)


def test_unsharing_hides_it_again(shared, supervisor, worker):
    services.saved_report_share(actor=supervisor, report=shared, roles=[])
    assert not queries.reports_for(worker).exists()
    event = AuditEvent.objects.filter(action="report.share").latest("seq")
    assert event.changes["shared_with"] == [["caseworker"], []]


def test_people_it_is_shared_with_may_not_change_or_reshare_it(shared, worker, supervisor):
    with pytest.raises(Forbidden):
        services.saved_report_share(actor=worker, report=shared, roles=[])
    with pytest.raises(Forbidden):
        services.saved_report_void(actor=worker, report=shared, reason="Not needed")


def test_a_role_that_may_not_see_reports_cannot_be_chosen(supervisor):
    report = save(supervisor)
    with pytest.raises(ValidationError) as refused:
        services.saved_report_share(
            actor=supervisor, report=report, roles=[Role.objects.get(code="data_clerk")]
        )
    assert "may not see reports" in str(refused.value)
    assert not report.shared_with.exists()


def test_a_voided_report_leaves_every_list(shared, supervisor, worker):
    with pytest.raises(Exception, match="reason"):
        services.saved_report_void(actor=supervisor, report=shared, reason=" ")
    services.saved_report_void(actor=supervisor, report=shared, reason="Replaced")
    assert not queries.reports_for(supervisor).exists()
    assert not queries.reports_for(worker).exists()
    assert AuditEvent.objects.filter(action="report.void").exists()


def test_scheduling_needs_the_last_complete_period(supervisor):
    fixed = save(supervisor)
    with pytest.raises(ValidationError) as refused:
        services.saved_report_schedule(actor=supervisor, report=fixed, schedule="monthly", day=3)
    assert "last complete period" in str(refused.value)
    latest = save(supervisor, period="", period_kind="month")
    with pytest.raises(ValidationError):
        services.saved_report_schedule(actor=supervisor, report=latest, schedule="monthly", day=31)
    services.saved_report_schedule(actor=supervisor, report=latest, schedule="monthly", day=3)
    latest.refresh_from_db()
    assert (latest.schedule, latest.schedule_day) == ("monthly", 3)
    assert AuditEvent.objects.filter(action="report.schedule").count() == 1
