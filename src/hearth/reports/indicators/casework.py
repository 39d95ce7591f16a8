"""Case management indicators (H3). Definitions in docs/indicators.md."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.cases.models import Case
from hearth.reports.indicators.engine import Indicator, register

# Where the breakdowns live on a case row.
CASE_PATHS = {
    "sex": "child__sex",
    "birth": "child__date_of_birth",
    "disability": "child__has_disability",
    "area": "location",
    "agency": "agency_id",
    "risk": "risk_level",
    "status": "status",
    "concern": "concerns__code",
    "date": "registration_date",
}


def reportable_cases(user):
    """Cases counted in indicators: what the user's reporting scope covers, without
    voided cases or duplicates (A6)."""
    return policy.visible(user, Case, "report.view").filter(
        is_voided=False, duplicate_of__isnull=True
    )


def open_on(period) -> Q:
    return Q(registration_date__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=period.end)
    )


register(
    Indicator(
        code="cases.open",
        name=_("Open cases"),
        description=_(
            "Cases open on the last day of the period: registered on or before it "
            "and not closed by then."
        ),
        numerator=_("Cases open at the end of the period"),
        source="H3",
        base=lambda user, period: reportable_cases(user).filter(open_on(period)),
        paths=CASE_PATHS,
    )
)

register(
    Indicator(
        code="cases.registered",
        name=_("Cases registered"),
        description=_("Cases registered during the period."),
        numerator=_("Cases with a registration date in the period"),
        source="H3",
        base=lambda user, period: reportable_cases(user).filter(
            registration_date__range=(period.start, period.end)
        ),
        paths=CASE_PATHS,
    )
)
