"""How care records fall under the access policy, and how sensitive their fields are.

- Everything about a child's care (arrangements, gatekeeping, reviews, contact,
  discharge, reintegration) is reached through the case: whoever may use a
  permission on the case may use it on these rows, and nobody else.
- The registry of facilities and foster carers is a directory: whoever may see
  care records may read all of it, to place a child; managing it is scoped by area
  (a district manager keeps their district's register).
- Tracing requests belong to the worker who handles them (and their team, agency,
  area by role), and to whoever sees the case they concern or were matched with."""

from django.db.models import Q

from hearth.access import policy
from hearth.access.sensitivity import Level, declare
from hearth.care.models import (
    CapacityBand,
    CareArrangement,
    Discharge,
    Facility,
    FamilyAssessment,
    FamilyContact,
    FosterCarer,
    GatekeepingDecision,
    Inspection,
    InspectionAction,
    PlacementReview,
    PopulationEstimate,
    ReintegrationPlan,
    ReintegrationTask,
    ReintegrationVisit,
    TracingMatch,
    TracingRequest,
)
from hearth.cases.models import Case

EVERY_ROW = Q(pk__isnull=False)  # an empty Q() would read as "no grant"
READ_REGISTRY = {"care.view", "facility.manage", "report.view"}


def _cases(user, permission):
    return policy.visible(user, Case, permission).filter(is_voided=False).values("pk")


def _through_case(user, permission):
    return Q(case__in=_cases(user, permission))


for model in (
    CareArrangement,
    GatekeepingDecision,
    PlacementReview,
    FamilyContact,
    Discharge,
    ReintegrationPlan,
    FamilyAssessment,
    ReintegrationTask,
    ReintegrationVisit,
):
    policy.register(model, policy.ScopePaths(direct=(_through_case,)))


def _directory(user, permission):
    return EVERY_ROW if permission in READ_REGISTRY else None


policy.register(
    Facility,
    policy.ScopePaths(area="location", agency="managing_agency", direct=(_directory,)),
)
policy.register(
    FosterCarer, policy.ScopePaths(area="location", agency="agency", direct=(_directory,))
)


def _through_facility(user, permission):
    return Q(facility__in=policy.visible(user, Facility, permission).values("pk"))


def _through_provider(user, permission):
    return _through_facility(user, permission) | Q(
        foster_carer__in=policy.visible(user, FosterCarer, permission).values("pk")
    )


def _through_inspection(user, permission):
    return Q(inspection__in=policy.visible(user, Inspection, permission).values("pk"))


policy.register(CapacityBand, policy.ScopePaths(direct=(_through_facility,)))
policy.register(Inspection, policy.ScopePaths(direct=(_through_provider,)))
policy.register(InspectionAction, policy.ScopePaths(direct=(_through_inspection,)))


def _request_through_cases(user, permission):
    cases = _cases(user, permission)
    matched = TracingMatch.objects.filter(
        case__in=cases, is_voided=False, status__in=("proposed", "confirmed")
    ).values("request_id")
    return Q(case__in=cases) | Q(pk__in=matched)


policy.register(
    TracingRequest,
    policy.ScopePaths(
        owner="owner",
        team="owner__team",
        agency="agency",
        area="location",
        direct=(_request_through_cases,),
    ),
)


def _match_through(user, permission):
    requests = policy.visible(user, TracingRequest, permission).values("pk")
    return Q(case__in=_cases(user, permission)) | Q(request__in=requests)


policy.register(TracingMatch, policy.ScopePaths(direct=(_match_through,)))
# Population figures are public statistics: no owner, no area restriction.
policy.register(PopulationEstimate, policy.ScopePaths(direct=(lambda user, p: EVERY_ROW,)))

declare(
    "care.carearrangement",
    reason_text=Level.SENSITIVE,
    safeguard_note=Level.SENSITIVE,
    care_plan_note=Level.SENSITIVE,
    provider_details=Level.IDENTIFYING,
)
declare(
    "care.gatekeepingdecision",
    rationale=Level.SENSITIVE,
    child_views=Level.SENSITIVE,
    parents_views=Level.SENSITIVE,
    family_options_not_possible=Level.SENSITIVE,
)
declare(
    "care.placementreview",
    participants=Level.IDENTIFYING,
    child_views=Level.SENSITIVE,
    findings=Level.SENSITIVE,
    decision_notes=Level.SENSITIVE,
)
declare("care.familycontact", with_whom=Level.IDENTIFYING, notes=Level.SENSITIVE)
declare("care.discharge", destination=Level.IDENTIFYING, notes=Level.SENSITIVE)
declare(
    "care.reintegrationplan",
    family=Level.IDENTIFYING,
    goal=Level.SENSITIVE,
    stopped_reason=Level.SENSITIVE,
)
declare("care.familyassessment", answers=Level.SENSITIVE)
declare("care.reintegrationtask", description=Level.IDENTIFYING)
declare(
    "care.tracingrequest",
    enquirer_name=Level.IDENTIFYING,
    enquirer_contact=Level.IDENTIFYING,
    sought_given_name=Level.IDENTIFYING,
    sought_family_name=Level.IDENTIFYING,
    sought_other_names=Level.IDENTIFYING,
    sought_date_of_birth=Level.IDENTIFYING,
    last_seen_place=Level.IDENTIFYING,
    distinguishing_features=Level.SENSITIVE,
    circumstances=Level.SENSITIVE,
    consent_override_reason=Level.SENSITIVE,
)
declare("care.tracingmatch", note=Level.SENSITIVE, consent_override_reason=Level.SENSITIVE)
declare("care.fostercarer", notes=Level.SENSITIVE)
declare("care.inspection", findings=Level.SENSITIVE)
