"""/api/v1/reports: saved reports visible to the caller (their own and those shared
with one of their roles), saving one, and a report's result computed for the
caller's own scope: rows, columns, cells and totals."""

import uuid

from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.core.api import paginate
from hearth.reports.builder import queries, services, table
from hearth.reports.models import SavedReport

router = Router(tags=["reports"])


class ReportIn(Schema):
    title: str
    indicator: str = Field(
        ..., description="An indicator code, e.g. cases.open or records.children"
    )
    description: str = ""
    rows: str = Field("", description="A dimension the indicator allows, e.g. sex or area_1")
    columns: str = Field("", description="A second dimension (needs rows)")
    filters: dict[str, str] = Field(default_factory=dict, description="{dimension: value}")
    period_kind: str = Field("month", description="month, quarter or year")
    period: str = Field("", description="Fixed period (202610, 2026Q3, 2026); empty: last complete")


def report_out(report: SavedReport, user) -> dict:
    return {
        "id": report.pk,
        "title": report.title,
        "description": report.description,
        "indicator": report.indicator,
        "rows": report.rows,
        "columns": report.columns,
        "filters": report.filters,
        "period_kind": report.period_kind,
        "period": report.period,
        "owner": report.owner.get_username(),
        "mine": queries.is_owner(user, report),
        "schedule": report.schedule,
        "schedule_day": report.schedule_day,
        "version": report.version,
    }


def _cell(cell: table.Cell) -> dict:
    return {
        "value": cell.value,
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "records": cell.link,
    }


def result_out(numbers: table.Table) -> dict:
    spec = numbers.spec
    return {
        "indicator": spec.indicator.code,
        "unit": spec.indicator.unit,
        "period": spec.period.code,
        "filters": spec.filters,
        "rows": [
            {"key": table.plain_value(line.key), "label": line.label} for line in numbers.lines
        ],  # fmt: skip
        "columns": [
            {"key": table.plain_value(key), "label": label}
            for key, label in zip(numbers.column_keys, numbers.column_labels, strict=True)
        ],
        "cells": [[_cell(c) for c in line.cells] for line in numbers.lines],
        "row_totals": [_cell(line.total) for line in numbers.lines],
        "column_totals": [_cell(c) for c in numbers.column_totals],
        "total": _cell(numbers.total),
    }


@router.get("/reports", summary="Saved reports I may open: mine and those shared with my roles")
@api_requires("report.view")
def report_list(request, page: int = 1, per: int = 25):
    return paginate(
        queries.reports_for(request.user), page, per, lambda r: report_out(r, request.user)
    )


@router.post("/reports", response={201: dict}, summary="Save a report")
@api_requires("report.build")
def report_create(request, payload: ReportIn):
    report = services.saved_report_create(actor=request.user, **payload.dict())
    return 201, report_out(report, request.user)


@router.get("/reports/{report_id}", summary="One saved report")
@api_requires("report.view")
def report_detail(request, report_id: uuid.UUID):
    return report_out(queries.report_for(request.user, report_id), request.user)


@router.get(
    "/reports/{report_id}/result",
    summary="The report's numbers over the caller's own scope: rows, columns, cells, totals",
)
@api_requires("report.view")
def report_result(request, report_id: uuid.UUID, period: str = ""):
    report = queries.report_for(request.user, report_id)
    # A bad period is a 422 with the message (core.api handles ValidationError).
    return result_out(table.build(services.spec_of(report, period), request.user))
