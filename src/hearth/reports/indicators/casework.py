"""Case management indicators (H3): open and registered cases and caseloads here;
time taken and on-time shares in timeliness.py; services, referrals and closures
in delivery.py. Definitions in docs/indicators.md, "Case management (H3)"."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.cases.models import Case
from hearth.reports.indicators.engine import Indicator, register
from hearth.reports.indicators.measures import per_distinct

# Where the breakdowns live on a case row. The child's facts are the case's copy
# of them (hearth.cases.child_facts), so no breakdown joins the persons.
CASE_PATHS = {
    "sex": "child_sex",
    "birth": "child_born_on",
    "disability": "child_disability",
    "area": "location",
    "agency": "agency_id",
    "risk": "risk_level",
    "status": "status",
    "concern": "concerns__code",
    "date": "registration_date",
    "worker": "owner_id",
}


def on_case(prefix: str = "case__", **more) -> dict:
    """The case breakdowns seen from a row that belongs to a case (a service, a
    referral...), plus the row's own (`more`, e.g. its date)."""
    paths = {k: f"{prefix}{v}" for k, v in CASE_PATHS.items() if k != "date"}
    return {**paths, **more}


def reportable_cases(user):
    """Cases counted in indicators: what the user's reporting scope covers, without
    voided cases or duplicates (A6)."""
    return policy.visible(user, Case, "report.view").filter(
        is_voided=False, duplicate_of__isnull=True
    )


def in_scope(user, case_path: str = "case") -> Q:
    """Rows whose case is reportable, as a correlated EXISTS rather than
    `case__in=<subquery>`: SQLite otherwise walks every case in scope and looks
    up its rows, instead of reading the period's rows and checking their case."""
    return Q(Exists(reportable_cases(user).filter(pk=OuterRef(case_path))))


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

register(
    Indicator(
        code="caseload.per_worker",
        name=_("Open cases per caseworker"),
        description=_(
            "Cases open on the last day of the period for every caseworker holding at "
            "least one of them (the case owner). Broken down by caseworker it is each "
            "worker's caseload."
        ),
        numerator=_("Cases open at the end of the period"),
        denominator=_("Caseworkers owning at least one of those cases"),
        unit="ratio",
        source="H3",
        base=lambda user, period: reportable_cases(user).filter(open_on(period)),
        paths=CASE_PATHS,
        custom=per_distinct("owner"),
    )
)
