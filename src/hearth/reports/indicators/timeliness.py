"""Case management indicators (H3) about time: how long from registration to the
first completed assessment and to the first approved case plan (median and
distribution in bands), and the share of assessments, plans, services, follow-ups
and reviews done by their deadline. Definitions in docs/indicators.md."""

import datetime as dt

from django.db.models import DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.cases.models import Assessment, CasePlan, CaseReview, FollowUp, Service
from hearth.reports.indicators.casework import in_scope, on_case
from hearth.reports.indicators.engine import Indicator, register
from hearth.reports.indicators.measures import median_days

APPROVED_PLAN = (CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED)


def during(field: str, period) -> Q:
    """A timestamp within the period's days (local time), as a range an index can use."""
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time()))
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _days_since_registration(day_field: str):
    return ExpressionWrapper(
        F(day_field) - F("case__registration_date"), output_field=DurationField()
    )


def first_assessments(user, period):
    """The first completed assessment of each case, when completed in the period.
    Starting from the assessments (not the cases) keeps the query to the period's
    rows; an earlier completed assessment of the case rules a row out."""
    earlier = Assessment.objects.filter(
        case=OuterRef("case"),
        is_voided=False,
        completed_at__isnull=False,
        completed_at__lt=OuterRef("completed_at"),
    )
    return (
        Assessment.objects.filter(during("completed_at", period), in_scope(user), is_voided=False)
        .annotate(done_on=TruncDate("completed_at"))
        .exclude(Exists(earlier))
        .annotate(days_taken=_days_since_registration("done_on"))
    )


def first_plans(user, period):
    """The first approved case plan of each case, when approved in the period."""
    earlier = CasePlan.objects.filter(
        case=OuterRef("case"),
        is_voided=False,
        status__in=APPROVED_PLAN,
        approved_at__lt=OuterRef("approved_at"),
    )
    return (
        CasePlan.objects.filter(
            during("approved_at", period),
            in_scope(user),
            is_voided=False,
            status__in=APPROVED_PLAN,
        )
        .annotate(done_on=TruncDate("approved_at"))
        .exclude(Exists(earlier))
        .annotate(days_taken=_days_since_registration("done_on"))
    )


def services_due(user, period):
    return Service.objects.filter(
        in_scope(user), is_voided=False, due_on__range=(period.start, period.end)
    ).exclude(status=Service.Status.CANCELLED)


def follow_ups_due(user, period):
    return FollowUp.objects.filter(
        in_scope(user), is_voided=False, due_on__range=(period.start, period.end)
    )


def reviews_due(user, period):
    """Reviews whose next review date falls in the period, each marked whether a
    later review of the case was held by that date."""
    held_in_time = CaseReview.objects.filter(
        case=OuterRef("case"),
        is_voided=False,
        held_on__gt=OuterRef("held_on"),
        held_on__lte=OuterRef("next_review_on"),
    )
    return CaseReview.objects.filter(
        in_scope(user),
        is_voided=False,
        next_review_on__range=(period.start, period.end),
    ).annotate(next_held=Exists(held_in_time))


TIMES = [
    Indicator(
        code="cases.days_to_assessment",
        name=_("Days from registration to assessment"),
        description=_(
            "For cases whose first assessment was completed in the period: the median "
            "number of days from the registration date to the day the assessment was "
            "completed (approved, or submitted where no approval is needed)."
        ),
        numerator=_("Median days; the count beside it is the cases measured"),
        unit="days",
        source="H3",
        base=first_assessments,
        paths=on_case(date="completed_at", delay="days_taken"),
        unit_path="case",
        case_path="case",
        custom=median_days("days_taken"),
    ),
    Indicator(
        code="cases.assessed",
        name=_("Cases assessed, by time taken"),
        description=_(
            "Cases whose first assessment was completed in the period. Broken down by "
            "“time taken” it is the distribution of days from registration to assessment."
        ),
        numerator=_("Cases whose first assessment was completed in the period"),
        source="H3",
        base=first_assessments,
        paths=on_case(date="completed_at", delay="days_taken"),
        unit_path="case",
        case_path="case",
    ),
    Indicator(
        code="cases.days_to_plan",
        name=_("Days from registration to an approved case plan"),
        description=_(
            "For cases whose first case plan was approved in the period: the median number "
            "of days from the registration date to the day of approval."
        ),
        numerator=_("Median days; the count beside it is the cases measured"),
        unit="days",
        source="H3",
        base=first_plans,
        paths=on_case(date="approved_at", delay="days_taken"),
        unit_path="case",
        case_path="case",
        custom=median_days("days_taken"),
    ),
    Indicator(
        code="cases.plan_approved",
        name=_("Cases with a first case plan approved, by time taken"),
        description=_(
            "Cases whose first case plan was approved in the period. Broken down by “time "
            "taken” it is the distribution of days from registration to the approved plan."
        ),
        numerator=_("Cases whose first case plan was approved in the period"),
        source="H3",
        base=first_plans,
        paths=on_case(date="approved_at", delay="days_taken"),
        unit_path="case",
        case_path="case",
    ),
]

ON_TIME = [
    Indicator(
        code="assessments.on_time",
        name=_("Assessments completed on time"),
        description=_(
            "Of the cases whose first assessment was completed in the period, the "
            "percentage completed by the assessment deadline (cases.assessment_hours after "
            "registration, by risk level)."
        ),
        numerator=_("First assessments completed by the deadline"),
        denominator=_("First assessments completed in the period"),
        unit="percent",
        source="H3",
        base=first_assessments,
        paths=on_case(date="completed_at"),
        unit_path="case",
        part=lambda period: Q(completed_at__lte=F("case__assessment_due_at")),
        case_path="case",
    ),
    Indicator(
        code="plans.on_time",
        name=_("Case plans approved on time"),
        description=_(
            "Of the cases whose first case plan was approved in the period, the percentage "
            "approved by the plan deadline (cases.plan_days after the assessment)."
        ),
        numerator=_("First case plans approved by the deadline"),
        denominator=_("First case plans approved in the period"),
        unit="percent",
        source="H3",
        base=first_plans,
        paths=on_case(date="approved_at"),
        unit_path="case",
        part=lambda period: Q(done_on__lte=F("case__plan_due_on")),
        case_path="case",
    ),
    Indicator(
        code="services.on_time",
        name=_("Services delivered on time"),
        description=_(
            "Of the services due in the period (not cancelled), the percentage delivered on "
            "or before their due date."
        ),
        numerator=_("Services delivered by their due date"),
        denominator=_("Services due in the period"),
        unit="percent",
        source="H3",
        base=services_due,
        paths=on_case(date="due_on", service_type="service_type__code"),
        part=lambda period: Q(status=Service.Status.DELIVERED, delivered_on__lte=F("due_on")),
        case_path="case",
    ),
    Indicator(
        code="follow_ups.on_time",
        name=_("Follow-ups done on time"),
        description=_(
            "Of the follow-ups and home visits due in the period, the percentage done on or "
            "before their due date."
        ),
        numerator=_("Follow-ups done by their due date"),
        denominator=_("Follow-ups due in the period"),
        unit="percent",
        source="H3",
        base=follow_ups_due,
        paths=on_case(date="due_on"),
        part=lambda period: Q(done_on__lte=F("due_on")),
        case_path="case",
    ),
    Indicator(
        code="reviews.on_time",
        name=_("Case reviews held on time"),
        description=_(
            "Of the next reviews due in the period (the next review date set at each case "
            "review), the percentage for which a later review was held by that date."
        ),
        numerator=_("Due reviews held by their date"),
        denominator=_("Reviews due in the period"),
        unit="percent",
        source="H3",
        base=reviews_due,
        paths=on_case(date="next_review_on"),
        part=lambda period: Q(next_held=True),
        case_path="case",
    ),
]

for indicator in TIMES + ON_TIME:
    register(indicator)
