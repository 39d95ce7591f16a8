"""Case management indicators (H3) about what was done: services delivered by type,
referrals by outcome, closures by reason and with goals met. Definitions in
docs/indicators.md."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.cases.models import Closure, Referral, Service
from hearth.reports.indicators.casework import in_scope, on_case
from hearth.reports.indicators.engine import Indicator, register
from hearth.reports.indicators.timeliness import during


def services_delivered(user, period):
    return Service.objects.filter(
        in_scope(user),
        is_voided=False,
        status=Service.Status.DELIVERED,
        delivered_on__range=(period.start, period.end),
    )


def referrals_made(user, period):
    return Referral.objects.filter(during("created_at", period), in_scope(user), is_voided=False)


def closures(user, period):
    return Closure.objects.filter(
        in_scope(user),
        is_voided=False,
        status=Closure.Status.APPROVED,
        closure_date__range=(period.start, period.end),
    )


CLOSURE_PATHS = on_case(
    date="closure_date",
    closure_reason="reason",
    goals_met="goals_met",
    care_type="care_type_at_closure__code",
)

INDICATORS = [
    Indicator(
        code="services.delivered",
        name=_("Services delivered"),
        description=_(
            "Services recorded as delivered with a delivery date in the period, by type "
            "of service. A service counts once however many the child had."
        ),
        numerator=_("Services delivered in the period"),
        source="H3",
        base=services_delivered,
        paths=on_case(date="delivered_on", service_type="service_type__code"),
        case_path="case",
    ),
    Indicator(
        code="referrals.made",
        name=_("Referrals by outcome"),
        description=_(
            "Referrals made in the period, by where they stand now: waiting for an answer, "
            "accepted, declined, completed or withdrawn."
        ),
        numerator=_("Referrals made in the period"),
        source="H3",
        base=referrals_made,
        paths=on_case(
            date="created_at", referral_status="status", service_type="service_type__code"
        ),
        case_path="case",
    ),
    Indicator(
        code="closures.approved",
        name=_("Cases closed"),
        description=_(
            "Case closures approved with a closure date in the period, by reason and by "
            "whether the case plan goals were met."
        ),
        numerator=_("Closures with a closure date in the period"),
        source="H3",
        base=closures,
        paths=CLOSURE_PATHS,
        unit_path="case",
        case_path="case",
    ),
    Indicator(
        code="closures.goals_met",
        name=_("Cases closed with their goals met"),
        description=_(
            "Of the cases closed in the period, the percentage whose case plan goals were "
            "met in full at closure."
        ),
        numerator=_("Closures with the goals met"),
        denominator=_("Closures with a closure date in the period"),
        unit="percent",
        source="H3",
        base=closures,
        paths=CLOSURE_PATHS,
        unit_path="case",
        part=lambda period: Q(goals_met=Closure.GoalsMet.YES),
        case_path="case",
    ),
]

for indicator in INDICATORS:
    register(indicator)
