"""/api/v1 follow-ups and home visits (E1): the same services as the pages."""

import datetime as dt
import uuid

from ninja import Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import followup_queries, queries
from hearth.cases.models import Case, FollowUp
from hearth.cases.services import followup, registration
from hearth.core import clock
from hearth.core.api import masked_fields, paginate

router = Router(tags=["follow-ups"])


class FollowUpIn(Schema):
    kind: str = FollowUp.Kind.HOME_VISIT
    due_on: dt.date
    purpose: str = ""


class VisitIn(Schema):
    kind: str = FollowUp.Kind.HOME_VISIT
    purpose: str = ""
    done_on: dt.date
    contact: str = ""
    child_seen: bool = False
    who_seen: str = ""
    observations: str = ""
    action_needed: str = ""


class DoneIn(Schema):
    done_on: dt.date
    contact: str = ""
    child_seen: bool = False
    who_seen: str = ""
    observations: str = ""
    action_needed: str = ""
    version: int | None = None


class RescheduleIn(Schema):
    due_on: dt.date
    reason: str
    version: int | None = None


class ReasonIn(Schema):
    reason: str


def case_state(case: Case) -> dict:
    """Where the case stands after a change, for clients following the workflow."""
    return {
        "id": case.pk,
        "status": case.status,
        "review_due_on": case.review_due_on,
        "next_due_on": case.next_due_on,
        "closed_on": case.closed_on,
    }


def follow_up_out(user, f: FollowUp) -> dict:
    return {
        "id": f.pk,
        "case": f.case_id,
        "version": f.version,
        "kind": f.kind,
        "due_on": f.due_on,
        "purpose": f.purpose,
        "done_on": f.done_on,
        "overdue": f.done_on is None and f.due_on < clock.today(),
        "contact": f.contact,
        "child_seen": f.child_seen,
        **masked_fields(user, f, ["who_seen", "observations", "action_needed"]),
    }


def _with_case(user, f: FollowUp) -> dict:
    return {**follow_up_out(user, f), "case_state": case_state(f.case)}


@router.post(
    "/cases/{case_id}/follow-ups", response={201: dict}, summary="Schedule a follow-up (E1)"
)
@api_requires("case.work")
def schedule(request, case_id: uuid.UUID, payload: FollowUpIn):
    case = queries.case_for(request.user, case_id, "case.work")
    f = followup.followup_schedule(actor=request.user, case=case, **payload.dict())
    return 201, _with_case(request.user, f)


@router.post(
    "/cases/{case_id}/visits", response={201: dict}, summary="Record a visit not scheduled"
)
@api_requires("case.work")
def log_visit(request, case_id: uuid.UUID, payload: VisitIn):
    case = queries.case_for(request.user, case_id, "case.work")
    f = followup.followup_log(actor=request.user, case=case, **payload.dict())
    return 201, _with_case(request.user, f)


@router.get("/cases/{case_id}/follow-ups", summary="A case's follow-ups: to do, then done")
@api_requires("case.view")
def case_follow_ups(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    registration.record_read(actor=request.user, case=case, what="api:follow-ups")
    todo, done = followup_queries.follow_ups_of(case)
    return [follow_up_out(request.user, f) for f in [*todo, *done]]


@router.get("/follow-ups/overdue", summary="Overdue follow-ups on open cases I may see")
@api_requires("case.view")
def overdue(request, page: int = 1, per: int = 50):
    qs = followup_queries.overdue_follow_ups(request.user)
    return paginate(
        qs, page, per, lambda f: {**follow_up_out(request.user, f), "case_number": f.case.number}
    )


@router.post("/follow-ups/{followup_id}/done", summary="Record a follow-up as done")
@api_requires("case.work")
def done(request, followup_id: uuid.UUID, payload: DoneIn):
    f = followup_queries.child_for(request.user, FollowUp, followup_id)
    data = payload.dict()
    version = data.pop("version")
    followup.followup_done(actor=request.user, follow_up=f, expected_version=version, **data)
    return _with_case(request.user, f)


@router.post("/follow-ups/{followup_id}/reschedule", summary="Move a follow-up, with a reason")
@api_requires("case.work")
def reschedule(request, followup_id: uuid.UUID, payload: RescheduleIn):
    f = followup_queries.child_for(request.user, FollowUp, followup_id)
    data = payload.dict()
    version = data.pop("version")
    followup.followup_reschedule(actor=request.user, follow_up=f, expected_version=version, **data)
    return _with_case(request.user, f)


@router.post("/follow-ups/{followup_id}/cancel", summary="Cancel a follow-up, with a reason")
@api_requires("case.work")
def cancel(request, followup_id: uuid.UUID, payload: ReasonIn):
    f = followup_queries.child_for(request.user, FollowUp, followup_id)
    followup.followup_cancel(actor=request.user, follow_up=f, reason=payload.reason)
    return {**_with_case(request.user, f), "cancelled": True}
