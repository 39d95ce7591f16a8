"""Family tracing and reunification (F8): requests, proposed and confirmed matches.

A match is confirmed by someone who may handle tracing on both the request and
the matched case; a tracing worker who cannot open the case proposes the match
to its worker instead, who sees the request through it. Confirming passes the
consent gate (B3) on the case, links the records, and opens a reintegration plan
for the child (F7)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.care import matching
from hearth.care.models import ReintegrationPlan, TracingMatch, TracingRequest
from hearth.care.services.reintegration import reintegration_plan_create
from hearth.cases.models import Case
from hearth.cases.notices import tell
from hearth.cases.services.registration import require_consent
from hearth.core import clock, ids, writes
from hearth.core.errors import Refused
from hearth.notify import kinds

kinds.register("tracing", gettext_lazy("A tracing match concerns my case or request"))

REQUEST_FIELDS = frozenset(
    {
        "received_on", "enquirer_name", "enquirer_relation", "enquirer_contact",
        "sought_given_name", "sought_family_name", "sought_other_names", "sought_sex",
        "sought_date_of_birth", "sought_age", "last_seen_place", "last_seen_location",
        "last_seen_on", "distinguishing_features", "circumstances", "location",
    }
)  # fmt: skip


@transaction.atomic
def tracing_request_create(
    *, actor, kind: str, case: Case | None = None, consent_override_reason: str = "", **fields
) -> TracingRequest:
    """Open a tracing request. For a child in care (looking for their family), the
    child's case must have tracing consent, or an override with reason (B3)."""
    policy.require(actor, "tracing.manage")
    unknown = set(fields) - REQUEST_FIELDS
    if unknown:
        raise Refused(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    override = ""
    if case is not None:
        policy.require(actor, "tracing.manage", case)
        if not case.is_open:
            raise Refused(_("The case is closed. Reopen it first."))
        override = require_consent(case, "tracing", consent_override_reason, actor)
        fields.setdefault("location", case.location)
    if not actor.agency_id:
        raise Refused(_("Only a worker of an agency handles tracing requests."))
    request = TracingRequest(
        number=ids.yearly_number("TR"),
        kind=kind,
        case=case,
        owner=actor,
        agency_id=actor.agency_id,
        consent_override_reason=override,
    )
    fields.setdefault("received_on", clock.today())
    for name, value in fields.items():
        setattr(request, name, value.strip() if isinstance(value, str) else value)
    writes.create(request, actor=actor)
    record_change(actor=actor, action="care.tracing_request", target=request, before=None)
    return request


def _candidate(
    actor, request: TracingRequest, case: Case, other_request=None
) -> matching.Candidate:
    """The match as scored now, never as posted: the page could be stale."""
    for candidate in matching.candidates_for(actor, request):
        same_case = candidate.case is not None and candidate.case.pk == case.pk
        same_other = (candidate.other_request.pk if candidate.other_request else None) == (
            other_request.pk if other_request else None
        )
        if same_case and same_other:
            return candidate
    raise Refused(_("This record is no longer proposed as a match. Search again."))


def _open(request: TracingRequest) -> None:
    if request.status != TracingRequest.Status.OPEN or request.is_voided:
        raise Refused(_("This request is no longer open."))


@transaction.atomic
def tracing_match_propose(
    *, actor, request: TracingRequest, case: Case, other_request=None, note: str = ""
) -> TracingMatch:
    """Propose a match to the worker of the case, who confirms or rejects it."""
    policy.require(actor, "tracing.manage", request)
    _open(request)
    candidate = _candidate(actor, request, case, other_request)
    match = TracingMatch(
        request=request,
        case=case,
        other_request=other_request,
        score=candidate.score,
        comparison=candidate.stored_comparison(),
        status=TracingMatch.Status.PROPOSED,
        note=(note or "").strip(),
    )
    writes.create(match, actor=actor)
    record_change(actor=actor, action="care.tracing_match_propose", target=match, before=None)
    tell(
        case.owner,
        "tracing",
        lambda: (
            _("A tracing request may concern case %(n)s: please check the match")
            % {"n": case.number}
        ),
        case=case,
        actor=actor,
    )
    return match


@transaction.atomic
def tracing_match_confirm(
    *,
    actor,
    request: TracingRequest,
    case: Case,
    other_request=None,
    note: str = "",
    consent_override_reason: str = "",
) -> TracingMatch:
    """Confirm that the request and the case are the same child and family. Needs
    tracing.manage on both and tracing consent on the case (or an override with
    reason). Links the records and opens a reintegration plan for the child."""
    policy.require(actor, "tracing.manage", request)
    policy.require(actor, "tracing.manage", case)
    _open(request)
    override = require_consent(case, "tracing", consent_override_reason, actor)
    match = (
        request.matches.filter(case=case, status=TracingMatch.Status.PROPOSED, is_voided=False)
        .select_for_update()
        .first()
    )
    if match is None:
        candidate = _candidate(actor, request, case, other_request)
        match = TracingMatch(
            request=request,
            case=case,
            other_request=other_request,
            score=candidate.score,
            comparison=candidate.stored_comparison(),
            status=TracingMatch.Status.CONFIRMED,
        )
        before = None
    else:
        before = writes.snapshot(match)
        match.status = TracingMatch.Status.CONFIRMED
    match.note = "\n".join(t for t in (match.note, (note or "").strip()) if t)
    match.decided_by = actor
    match.decided_at = clock.now()
    match.consent_override_reason = override
    (writes.create if before is None else writes.update)(match, actor=actor)
    record_change(actor=actor, action="care.tracing_match_confirm", target=match, before=before)
    for linked in (request, match.other_request):
        if linked is None:
            continue
        linked_before = writes.snapshot(linked)
        linked.status = TracingRequest.Status.MATCHED
        linked.case = linked.case or case
        writes.update(linked, actor=actor)
        record_change(
            actor=actor, action="care.tracing_matched", target=linked, before=linked_before
        )
    _start_reunification(actor, match)
    owners = {request.owner, case.owner}
    if match.other_request is not None:
        owners.add(match.other_request.owner)
    tell(
        list(owners),
        "tracing",
        lambda: _("Tracing match confirmed for case %(n)s") % {"n": case.number},
        case=case,
        actor=actor,
    )
    return match


def _start_reunification(actor, match: TracingMatch) -> None:
    case = match.case
    if not case.is_open:
        return  # the match is linked; reopening the case starts the work again
    if case.reintegration_plans.filter(status__in=ReintegrationPlan.OPEN, is_voided=False).exists():
        return  # the plan in progress carries on; the match is linked on the request
    searcher = match.other_request or match.request
    if match.request.kind == TracingRequest.Kind.RELATIVE_SOUGHT and match.other_request is None:
        family = match.request.sought_name
    else:
        family = f"{searcher.enquirer_name} ({searcher.enquirer_relation})"
    reintegration_plan_create(
        actor=actor,
        case=case,
        family=family,
        goal=_("Reunification after tracing request %(n)s.") % {"n": match.request.number},
        tracing_match=match,
    )


@transaction.atomic
def tracing_match_reject(*, actor, match: TracingMatch, note: str) -> TracingMatch:
    """Not the same child or family: the proposal is closed with the reason."""
    if not (
        policy.can(actor, "tracing.manage", match.case)
        or policy.can(actor, "tracing.manage", match.request)
    ):
        policy.require(actor, "tracing.manage", match.case)
    if match.status != TracingMatch.Status.PROPOSED:
        raise Refused(_("Only a proposed match can be rejected."))
    note = (note or "").strip()
    if not note:
        raise Refused(_("Say why this is not a match."), field="note")
    before = writes.snapshot(match)
    match.status = TracingMatch.Status.REJECTED
    match.note = "\n".join(t for t in (match.note, note) if t)
    match.decided_by = actor
    match.decided_at = clock.now()
    writes.update(match, actor=actor)
    record_change(actor=actor, action="care.tracing_match_reject", target=match, before=before)
    return match


@transaction.atomic
def tracing_request_close(
    *, actor, request: TracingRequest, reason: str, closed_on: dt.date | None = None
) -> TracingRequest:
    policy.require(actor, "tracing.manage", request)
    if request.status == TracingRequest.Status.CLOSED:
        raise Refused(_("This request is already closed."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the request is closed."), field="reason")
    before = writes.snapshot(request)
    request.status = TracingRequest.Status.CLOSED
    request.closed_reason = reason
    writes.update(request, actor=actor)
    record_change(actor=actor, action="care.tracing_close", target=request, before=before)
    return request
