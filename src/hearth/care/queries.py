"""Every care read users see, starting from the access policy's visible set.

Occupancy and vacancies are counted from the arrangements current on a day, never
kept in a counter; they count every placement, whoever may read it, because a
facility's fullness is a fact about the facility. Who is placed there is shown
only to those who may see the child's case."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from hearth.access import policy
from hearth.care import timeframes
from hearth.care.models import (
    CareArrangement,
    Facility,
    FosterCarer,
    GatekeepingDecision,
    Inspection,
    PlacementReview,
    ReintegrationPlan,
    TracingMatch,
    TracingRequest,
)
from hearth.core import clock

ARRANGEMENT_RELATED = (
    "case",
    "child",
    "care_type",
    "facility",
    "foster_carer__household",
    "foster_carer__person",
    "household",
    "legal_order",
    "gatekeeping",
)


def current_on(day: dt.date, prefix: str = "") -> Q:
    """Arrangements running on `day` (start and end days included)."""
    return Q(**{f"{prefix}start_date__lte": day, f"{prefix}is_voided": False}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


# --- arrangements ---------------------------------------------------------------------


def arrangements(user, permission: str = "care.view") -> QuerySet[CareArrangement]:
    return policy.visible(user, CareArrangement, permission).filter(is_voided=False)


def arrangement_for(user, pk, permission: str = "care.view") -> CareArrangement:
    qs = CareArrangement.objects.filter(is_voided=False).select_related(*ARRANGEMENT_RELATED)
    return policy.get_for(user, CareArrangement, pk, permission, seen_with="care.view", queryset=qs)


def timeline_of(user, case) -> list[CareArrangement]:
    """The child's timeline: one child, one timeline, whichever of the child's cases
    recorded each episode, as far as the reader may see those cases."""
    return list(
        arrangements(user)
        .filter(child_id=case.child_id)
        .select_related(*ARRANGEMENT_RELATED, "discharge")
        .prefetch_related("reasons")
        .order_by("start_date", "created_at")
    )


def current_of(items: list[CareArrangement]) -> CareArrangement | None:
    """The current arrangement: the open one, else the one that started last."""
    open_ = [a for a in items if a.end_date is None]
    if open_:
        return open_[-1]
    return max(items, key=lambda a: (a.start_date, a.created_at), default=None)


def has_care_plan(arrangement: CareArrangement) -> bool:
    """F5: the placement's own care plan note, or an approved case plan."""
    from hearth.cases.models import CasePlan

    return (
        bool(arrangement.care_plan_note.strip())
        or CasePlan.objects.filter(
            case_id=arrangement.case_id,
            status__in=(CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED),
            is_voided=False,
        ).exists()
    )


def approved_plan(case):
    from hearth.cases.models import CasePlan

    return case.plans.filter(status=CasePlan.Status.APPROVED, is_voided=False).first()


def gatekeeping_of(case) -> QuerySet[GatekeepingDecision]:
    return GatekeepingDecision.objects.filter(
        child_id=case.child_id, is_voided=False
    ).select_related("recommended_care_type", "legal_order")


def reviews_of(arrangement) -> QuerySet[PlacementReview]:
    return arrangement.reviews.filter(is_voided=False).select_related("created_by")


# --- the register of providers -----------------------------------------------------------


def _occupancy(prefix: str, day: dt.date) -> Count:
    return Count(
        f"{prefix}__child",
        filter=current_on(day, f"{prefix}__") & Q(**{f"{prefix}__is_formal": True}),
        distinct=True,
    )


def facilities(user, permission: str = "care.view", day: dt.date | None = None):
    """Facilities with `occupied` (children placed on `day`) annotated."""
    day = day or clock.today()
    return (
        policy.visible(user, Facility, permission)
        .filter(is_voided=False)
        .select_related("location", "managing_agency")
        .annotate(occupied=_occupancy("arrangements", day))
        .order_by("name")
    )


def facility_for(user, pk, permission: str = "care.view") -> Facility:
    qs = Facility.objects.filter(is_voided=False).select_related("location", "managing_agency")
    seen = "care.view" if policy.has_perm(user, "care.view") else permission
    facility = policy.get_for(user, Facility, pk, permission, seen_with=seen, queryset=qs)
    facility.occupied = occupied(facility)
    return facility


def occupied(provider, day: dt.date | None = None) -> int:
    day = day or clock.today()
    field = "facility" if isinstance(provider, Facility) else "foster_carer"
    return (
        CareArrangement.objects.filter(current_on(day), is_formal=True, **{field: provider})
        .values("child")
        .distinct()
        .count()
    )


def residents(user, provider, day: dt.date | None = None) -> QuerySet[CareArrangement]:
    """The placements current at a facility or with a carer that the reader may see."""
    day = day or clock.today()
    field = "facility" if isinstance(provider, Facility) else "foster_carer"
    return (
        arrangements(user)
        .filter(current_on(day), **{field: provider})
        .select_related("case", "child", "care_type")
        .order_by("start_date")
    )


def band_occupancy(facility: Facility, day: dt.date | None = None) -> list[dict]:
    """Each capacity band with the children placed who fit it (by sex and age)."""
    day = day or clock.today()
    children = [
        a.child
        for a in CareArrangement.objects.filter(current_on(day), facility=facility).select_related(
            "child"
        )
    ]
    out = []
    for band in facility.bands.filter(is_voided=False):
        count = sum(1 for c in children if band.fits(c.sex, c.age(day)))
        out.append({"band": band, "occupied": count, "vacant": max(band.places - count, 0)})
    return out


def foster_carers(user, permission: str = "care.view", day: dt.date | None = None):
    day = day or clock.today()
    return (
        policy.visible(user, FosterCarer, permission)
        .filter(is_voided=False)
        .select_related("household", "person", "location", "agency")
        .annotate(occupied=_occupancy("arrangements", day))
        .order_by("-is_active", "approval_expires_on")
    )


def foster_carer_for(user, pk, permission: str = "care.view") -> FosterCarer:
    qs = FosterCarer.objects.filter(is_voided=False).select_related(
        "household", "person", "location", "agency"
    )
    seen = "care.view" if policy.has_perm(user, "care.view") else permission
    carer = policy.get_for(user, FosterCarer, pk, permission, seen_with=seen, queryset=qs)
    carer.occupied = occupied(carer)
    return carer


def placeable_facilities(user, day: dt.date | None = None):
    """Facilities a placement form offers: open ones (the licence is checked on save,
    with a message that says why)."""
    return facilities(user, day=day).filter(is_active=True)


def placeable_carers(user, day: dt.date | None = None):
    return foster_carers(user, day=day).filter(is_active=True)


def inspections_of(provider) -> QuerySet[Inspection]:
    field = "facility" if isinstance(provider, Facility) else "foster_carer"
    return (
        Inspection.objects.filter(is_voided=False, **{field: provider})
        .prefetch_related("actions")
        .order_by("-inspected_on")
    )


# --- due and overdue -----------------------------------------------------------------------


def reviews_due(user, within: dt.timedelta | None = None, day: dt.date | None = None):
    """Formal placements running today whose review is due within `within` (the
    configured warning by default) or overdue, soonest first."""
    day = day or clock.today()
    within = timeframes.review_warning() if within is None else within
    return (
        arrangements(user)
        .filter(current_on(day), is_formal=True, next_review_on__lte=day + within)
        .select_related("case", "child", "care_type", "facility")
        .order_by("next_review_on")
    )


def reviews_overdue(user, day: dt.date | None = None):
    day = day or clock.today()
    return reviews_due(user, dt.timedelta(0), day).filter(next_review_on__lt=day)


def gatekeeping_due(user, day: dt.date | None = None):
    """Emergency placements still waiting for their gatekeeping decision."""
    return (
        arrangements(user)
        .filter(is_formal=True, is_emergency=True, gatekeeping__isnull=True)
        .select_related("case", "child", "care_type")
        .order_by("start_date")
    )


def licences_expiring(
    user,
    within: dt.timedelta | None = None,
    day: dt.date | None = None,
    permission: str = "care.view",
):
    """Facilities whose licence is missing, expired or expiring within `within`."""
    day = day or clock.today()
    within = timeframes.licence_warning() if within is None else within
    return (
        facilities(user, permission, day=day)
        .filter(is_active=True)
        .filter(
            Q(licence_number="")
            | Q(licence_expires_on__isnull=True)
            | Q(licence_expires_on__lte=day + within)
        )
    )


def reintegration_plans_of(case) -> QuerySet[ReintegrationPlan]:
    return (
        case.reintegration_plans.filter(is_voided=False)
        .select_related("household", "tracing_match__request")
        .prefetch_related(
            Prefetch("tasks", queryset=_live("tasks")),
            Prefetch("assessments", queryset=_live("assessments").select_related("form_version")),
            Prefetch("visits", queryset=_live("visits").select_related("follow_up")),
        )
    )


def _live(name: str):
    from hearth.care.models import FamilyAssessment, ReintegrationTask, ReintegrationVisit

    model = {
        "tasks": ReintegrationTask,
        "assessments": FamilyAssessment,
        "visits": ReintegrationVisit,
    }[name]
    qs = model.objects.filter(is_voided=False)
    if name == "visits":
        qs = qs.filter(follow_up__is_voided=False)
    return qs


def plan_for(user, pk, permission: str = "care.view") -> ReintegrationPlan:
    qs = ReintegrationPlan.objects.filter(is_voided=False).select_related(
        "case", "child", "household"
    )
    return policy.get_for(
        user, ReintegrationPlan, pk, permission, seen_with="care.view", queryset=qs
    )


# --- tracing ----------------------------------------------------------------------------


def tracing_requests(user, permission: str = "tracing.manage") -> QuerySet[TracingRequest]:
    return (
        policy.visible(user, TracingRequest, permission)
        .filter(is_voided=False)
        .select_related("case", "owner", "location")
    )


def tracing_request_for(user, pk, permission: str = "tracing.manage") -> TracingRequest:
    qs = TracingRequest.objects.filter(is_voided=False).select_related(
        "case", "case__child", "owner", "location", "last_seen_location"
    )
    return policy.get_for(user, TracingRequest, pk, permission, queryset=qs)


def tracing_of(case) -> dict:
    """For the case page: requests about the child and matches found for them."""
    matches = TracingMatch.objects.filter(case=case, is_voided=False).select_related(
        "request", "other_request", "decided_by"
    )
    requests = TracingRequest.objects.filter(case=case, is_voided=False).select_related("owner")
    return {"requests": list(requests), "matches": list(matches)}


def match_for(user, pk, permission: str = "tracing.manage") -> TracingMatch:
    qs = TracingMatch.objects.filter(is_voided=False).select_related(
        "request", "case", "other_request"
    )
    return policy.get_for(user, TracingMatch, pk, permission, queryset=qs)


def safeguards_awaiting(user, permission: str = "care.view"):
    """Placements awaiting a senior's approval, or refused and still running."""
    S = CareArrangement.Safeguard
    refused_running = Q(safeguard=S.REFUSED, end_date__isnull=True)
    return (
        arrangements(user, permission)
        .filter(Q(safeguard=S.AWAITING) | refused_running)
        .select_related("case", "child", "care_type", "facility")
        .order_by("start_date")
    )


def with_contact_in(qs, start: dt.date, end: dt.date):
    from hearth.care.models import FamilyContact

    return qs.annotate(
        had_contact=Exists(
            FamilyContact.objects.filter(
                child=OuterRef("child"), is_voided=False, contact_on__range=(start, end)
            )
        )
    )
