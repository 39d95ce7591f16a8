"""/api/v1: the limited search (A7), access requests and their decisions, ending
access (B8) and emergency access (B4) - the same services as the pages."""

import uuid
from dataclasses import asdict

from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires, minimum_only
from hearth.cases import limited_search
from hearth.cases.emergency import emergency_access_open
from hearth.cases.models import AccessGrant
from hearth.cases.services import access_requests

router = Router(tags=["access"])


class ReasonIn(Schema):
    reason: str = Field(description="Why, in a sentence: recorded and shown to the case's team")


class DecisionIn(Schema):
    grant: bool = Field(description="true grants read-only access; false refuses")
    days: int | None = Field(None, description="How long a grant lasts (default: configured)")
    comment: str = Field("", description="Required when refusing")


class EndIn(Schema):
    reason: str = ""


def found_out(found: limited_search.Found) -> dict:
    out = asdict(found)
    out["sex"] = out.pop("sex_code")
    return out


def grant_out(user, grant: AccessGrant) -> dict:
    case = limited_search.minimum(user, grant.case)
    return {
        "id": grant.pk,
        "case": {"id": case.id, "number": case.number, "child_name": case.child_name},
        "user": grant.user_id,
        "user_name": str(grant.user),
        "kind": grant.kind,
        "status": grant.status,
        "active": grant.is_active,
        "reason": grant.reason,
        "decided_by": grant.decided_by_id,
        "decided_at": grant.decided_at,
        "decision_comment": grant.decision_comment,
        "expires_at": grant.expires_at,
        "ended_at": grant.ended_at,
        "created_at": grant.created_at,
    }


@router.get("/case-search", summary="Search every case; minimum facts outside your scope (A7)")
@minimum_only
@api_requires("person.search")
def case_search(request, q: str):
    found, total = limited_search.search(request.user, q)
    return {"total": total, "items": [found_out(f) for f in found]}


@router.post(
    "/case-search/{case_id}/access-requests",
    response={201: dict},
    summary="Ask the caseworker for access to a case found in the search",
)
@minimum_only
@api_requires("person.search")
def access_request(request, case_id: uuid.UUID, payload: ReasonIn):
    case, _found = limited_search.case_for_request(request.user, case_id)
    grant = access_requests.access_request(actor=request.user, case=case, reason=payload.reason)
    return 201, grant_out(request.user, grant)


@router.post(
    "/case-search/{case_id}/emergency-access",
    response={201: dict},
    summary="Open a case outside your scope in an emergency, stating why (B4)",
)
@minimum_only
@api_requires("access.emergency")
def emergency_access(request, case_id: uuid.UUID, payload: ReasonIn):
    case, _found = limited_search.case_for_request(request.user, case_id, "access.emergency")
    grant = emergency_access_open(actor=request.user, case=case, reason=payload.reason)
    return 201, grant_out(request.user, grant)


@router.get("/access-requests", summary="Requests waiting for your decision, and your own")
@api_requires("case.view")
def access_request_list(request):
    user = request.user
    return {
        "to_decide": [grant_out(user, g) for g in access_requests.requests_to_decide(user)],
        "mine": [grant_out(user, g) for g in access_requests.requests_of(user)[:100]],
    }


@router.post("/access-requests/{grant_id}/decision", summary="Grant or refuse a request")
@api_requires("case.view")
def access_request_decide(request, grant_id: uuid.UUID, payload: DecisionIn):
    grant = access_requests.grant_for(request.user, grant_id)
    access_requests.access_request_decide(
        actor=request.user,
        grant=grant,
        approve=payload.grant,
        comment=payload.comment,
        days=payload.days,
    )
    return grant_out(request.user, grant)


@router.post("/access-requests/{grant_id}/end", summary="End access now (B8)")
@api_requires("case.view")
def access_end(request, grant_id: uuid.UUID, payload: EndIn):
    grant = access_requests.grant_for(request.user, grant_id)
    access_requests.access_grant_end(actor=request.user, grant=grant, reason=payload.reason)
    return grant_out(request.user, grant)


@router.post("/access-requests/{grant_id}/withdraw", summary="Withdraw your own request")
@api_requires("person.search")
def access_withdraw(request, grant_id: uuid.UUID):
    grant = access_requests.grant_for(request.user, grant_id)
    access_requests.access_request_withdraw(actor=request.user, grant=grant)
    return grant_out(request.user, grant)
