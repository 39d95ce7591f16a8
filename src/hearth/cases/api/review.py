"""/api/v1 case plan reviews and case conferences (E2): the same services as the pages."""

import datetime as dt
import uuid

from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import queries
from hearth.cases.api.followup import case_state
from hearth.cases.models import CaseReview
from hearth.cases.services import registration, review
from hearth.core.api import masked_fields

router = Router(tags=["reviews"])


class ReviewIn(Schema):
    is_conference: bool = Field(False, description="A case conference moves no workflow")
    held_on: dt.date
    participants: str
    child_participated: bool = False
    child_views: str = ""
    progress: str = ""
    decisions: str
    decision: str = Field(description="continue, revise or close")
    next_review_on: dt.date | None = Field(
        None, description="Reviews only; defaults to the interval for the risk level"
    )


def review_out(user, r: CaseReview) -> dict:
    return {
        "id": r.pk,
        "case": r.case_id,
        "is_conference": r.is_conference,
        "held_on": r.held_on,
        "child_participated": r.child_participated,
        "decision": r.decision,
        "next_review_on": r.next_review_on,
        "recorded_by": r.created_by_id,
        **masked_fields(user, r, ["participants", "child_views", "progress", "decisions"]),
    }


@router.post("/cases/{case_id}/review/start", summary="Put the case under review (E2)")
@api_requires("case.work")
def start(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id, "case.work")
    review.review_start(actor=request.user, case=case)
    return case_state(case)


@router.post(
    "/cases/{case_id}/reviews", response={201: dict}, summary="Record a review or conference"
)
@api_requires("case.work")
def record(request, case_id: uuid.UUID, payload: ReviewIn):
    case = queries.case_for(request.user, case_id, "case.work")
    r = review.review_record(actor=request.user, case=case, **payload.dict())
    return 201, {**review_out(request.user, r), "case_state": case_state(case)}


@router.get("/cases/{case_id}/reviews", summary="A case's reviews and conferences")
@api_requires("case.view")
def review_list(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    registration.record_read(actor=request.user, case=case, what="api:reviews")
    return [review_out(request.user, r) for r in case.reviews.filter(is_voided=False)]
