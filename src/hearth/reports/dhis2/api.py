"""/api/v1/dhis2: the data value set for a period, sending it, and what was sent.
The same services and rules as the pages (dhis2.manage)."""

import uuid

from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.audit.services import record
from hearth.core.api import paginate
from hearth.core.errors import HearthError
from hearth.reports.dhis2 import payload, periods, push, queries, services
from hearth.reports.models import Dhis2Submission

router = Router(tags=["dhis2"])
PERMISSION = services.PERMISSION


class SubmissionIn(Schema):
    period: str = Field(..., description="202611 (month), 2026Q4 (quarter) or 2026 (year)")
    dry_run: bool = Field(False, description="DHIS2 checks the values and stores nothing")
    queue: bool = Field(False, description="Send in the background; poll the submission")


def _period(text: str):
    try:
        return periods.parse(text)
    except ValueError as error:
        raise HearthError(str(error), field="period") from None


def submission_out(s: Dhis2Submission, with_payload: bool = False) -> dict:
    out = {
        "id": s.pk,
        "period": s.period,
        "status": s.status,
        "dry_run": s.dry_run,
        "sent_to": s.server_url,
        "sent_by": str(s.created_by) if s.created_by_id else None,
        "created_at": s.created_at,
        "sent_at": s.sent_at,
        "values": s.value_count,
        "http_status": s.http_status,
        "import_count": {
            "imported": s.imported,
            "updated": s.updated,
            "ignored": s.ignored,
            "deleted": s.deleted,
        },  # fmt: skip
        "conflicts": s.conflicts,
        "message": s.message,
        "warnings": s.warnings,
        "import_summary": s.import_summary,
    }
    if with_payload:
        out["payload"] = s.payload
    return out


@router.get(
    "/dhis2/data-value-sets",
    summary="The DHIS2 data value set for a period, as DHIS2 imports it",
)
@api_requires(PERMISSION)
def data_value_set(request, period: str):
    """The body to POST to DHIS2's /api/dataValueSets. What it leaves out (unmapped
    areas, mappings that cannot be computed) is listed by /dhis2/data-value-sets/warnings."""
    found = payload.build(
        actor=request.user, period=_period(period), server=services.current_server()
    )
    record(
        actor=request.user,
        action="dhis2.payload_download",
        detail={"period": found.period.code, "values": len(found.values), "channel": "api"},
    )
    return found.as_json()


@router.get(
    "/dhis2/data-value-sets/warnings",
    summary="What the data value set for a period leaves out, and why",
)
@api_requires(PERMISSION)
def data_value_set_warnings(request, period: str):
    found = payload.build(
        actor=request.user, period=_period(period), server=services.current_server()
    )
    return {"period": found.period.code, "values": len(found.values),
            "warnings": [str(w) for w in found.warnings]}  # fmt: skip


@router.post("/dhis2/submissions", response={201: dict}, summary="Send a period to DHIS2")
@api_requires(PERMISSION)
def submission_create(request, payload_in: SubmissionIn):
    submission = push.submission_push(
        actor=request.user,
        period=_period(payload_in.period),
        dry_run=payload_in.dry_run,
        queue=payload_in.queue,
    )
    return 201, submission_out(submission)


@router.get("/dhis2/submissions", summary="What was sent to DHIS2, newest first")
@api_requires(PERMISSION)
def submission_list(request, page: int = 1, per: int = 25):
    return paginate(queries.submissions(request.user), page, per, submission_out)


@router.get("/dhis2/submissions/{submission_id}", summary="One submission, with what was sent")
@api_requires(PERMISSION)
def submission_detail(request, submission_id: uuid.UUID):
    return submission_out(queries.submission_for(request.user, submission_id), with_payload=True)
