"""Every write of the report builder: saving, changing, sharing, scheduling and
voiding a report, and the audit event of each export of a report's numbers.

Rules: report.build to save a report; only its owner changes, shares, schedules
or voids it (and must still hold report.build); others see it only when it is
shared with one of their roles. A saved report stores the question, never the
numbers, so sharing reveals nobody's counts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.accounts.models import Role
from hearth.audit.services import record, record_change
from hearth.core import writes
from hearth.core.errors import Forbidden
from hearth.reports.builder.spec import Spec
from hearth.reports.models import SavedReport

EDITABLE = ("title", "description", "indicator", "rows", "columns", "filters", "period_kind",
            "period")  # fmt: skip


def spec_of(report: SavedReport, period: str = "", today=None) -> Spec:
    """What the saved report computes; `period` runs it for another period of its kind."""
    return Spec.check(
        indicator=report.indicator,
        period=period or report.period,
        period_kind=report.period_kind,
        rows=report.rows,
        columns=report.columns,
        filters=report.filters,
        today=today,
    )


def _checked(values: dict) -> dict:
    """The report's fields, checked as a spec; the period kind follows a fixed period."""
    spec = Spec.check(
        indicator=values["indicator"],
        period=values.get("period", ""),
        # A fixed period says its own kind; otherwise the kind of the last complete period.
        period_kind="" if values.get("period") else (values.get("period_kind") or "month"),
        rows=values.get("rows", ""),
        columns=values.get("columns", ""),
        filters=values.get("filters") or {},
    )
    title = (values.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the report a title.")})
    return {
        "title": title,
        "description": (values.get("description") or "").strip(),
        "indicator": spec.indicator.code,
        "rows": spec.rows,
        "columns": spec.columns,
        "filters": spec.filters,
        "period_kind": spec.period.kind,
        "period": (values.get("period") or "").strip() and spec.period.code,
    }


def _require_owner(actor, report: SavedReport) -> None:
    policy.require(actor, "report.build")
    if report.owner_id != getattr(actor, "pk", None):
        raise Forbidden(_("Only the person who saved this report may change it."))


@transaction.atomic
def saved_report_create(
    *,
    actor,
    title: str,
    indicator: str,
    description: str = "",
    rows: str = "",
    columns: str = "",
    filters: dict | None = None,
    period_kind: str = "",
    period: str = "",
) -> SavedReport:
    """Save a report (report.build). The measure, rows, columns, filters and period
    are checked as for a preview; nothing is saved when one is wrong."""
    policy.require(actor, "report.build")
    values = _checked(
        {"title": title, "description": description, "indicator": indicator, "rows": rows,
         "columns": columns, "filters": filters, "period_kind": period_kind, "period": period}
    )  # fmt: skip
    report = SavedReport(owner=actor, **values)
    writes.create(report, actor=actor)
    record_change(actor=actor, action="report.create", target=report, before=None)
    return report


@transaction.atomic
def saved_report_update(
    *, actor, report: SavedReport, expected_version: int | None = None, **changes
) -> SavedReport:
    """Change what a saved report computes or its title (its owner only). A change
    made on a stale copy fails with a conflict instead of overwriting."""
    _require_owner(actor, report)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = writes.snapshot(report)
    current = {name: getattr(report, name) for name in EDITABLE}
    values = _checked({**current, **changes})
    for name, value in values.items():
        setattr(report, name, value)
    writes.update(report, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="report.update", target=report, before=before)
    return report


@transaction.atomic
def saved_report_share(
    *, actor, report: SavedReport, roles, expected_version: int | None = None
) -> SavedReport:
    """Share the report with these roles (replacing the previous choice; none
    makes it private again). People in a role see the report and run it over
    their own scope; a role without report.view cannot be chosen."""
    _require_owner(actor, report)
    wanted = {str(getattr(r, "pk", r)) for r in roles or []}
    try:
        chosen = list(Role.objects.filter(pk__in=wanted))
    except (ValueError, TypeError):
        chosen = []
    if len(chosen) != len(wanted):
        raise ValidationError({"roles": _("Choose roles from the list.")})
    blind = [str(role) for role in chosen if "report.view" not in role.permissions]
    if blind:
        raise ValidationError(
            {"roles": _("These roles may not see reports: %(r)s") % {"r": ", ".join(blind)}}
        )
    before = sorted(report.shared_with.values_list("code", flat=True))
    writes.update(report, actor=actor, expected_version=expected_version)
    report.shared_with.set(chosen)
    record(
        actor=actor,
        action="report.share",
        target=report,
        changes={"shared_with": [before, sorted(role.code for role in chosen)]},
    )
    return report


@transaction.atomic
def saved_report_schedule(
    *,
    actor,
    report: SavedReport,
    schedule: str,
    day: int = 1,
    expected_version: int | None = None,
) -> SavedReport:
    """Run the report every month on `day` (1-28) for the last complete period,
    or stop doing so. A scheduled report has no fixed period."""
    _require_owner(actor, report)
    if schedule not in SavedReport.Schedule.values:
        raise ValidationError({"schedule": _("Choose a schedule from the list.")})
    try:
        day = int(day)
    except (TypeError, ValueError):
        raise ValidationError({"schedule_day": _("Choose a day from 1 to 28.")}) from None
    before = writes.snapshot(report)
    report.schedule, report.schedule_day = schedule, day
    writes.update(report, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="report.schedule", target=report, before=before)
    return report


@transaction.atomic
def saved_report_void(*, actor, report: SavedReport, reason: str) -> SavedReport:
    """Void a report (its owner only): it leaves every list and stops running."""
    _require_owner(actor, report)
    writes.void(report, actor=actor, reason=reason)
    record(actor=actor, action="report.void", target=report, detail={"reason": report.void_reason})
    return report


def report_exported(*, actor, spec: Spec, fmt: str, report: SavedReport | None = None) -> None:
    """Every export of a report's numbers is an audit event, saved report or not."""
    policy.require(actor, "report.view")
    record(
        actor=actor,
        action="report.export",
        target=report,
        object_type="" if report else "reports.builder",
        detail={**spec.describe(), "format": fmt},
    )
