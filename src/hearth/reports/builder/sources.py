"""Counts of records, for the builder to count things that are not indicators:
cases, children, services, referrals, follow-ups and care arrangements.

Each is an engine Indicator (unit "count", group "Records"), so previews, drill-down,
exports and the API treat them like any indicator. Each starts from the cases the
viewer may report on (report.view scope, no voided cases, no duplicates), so a
count never includes a record outside that scope. Definitions in docs/reports.md."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.care.models import CareArrangement
from hearth.cases.models import FollowUp, Referral, Service
from hearth.reports.indicators.casework import CASE_PATHS, reportable_cases
from hearth.reports.indicators.engine import Indicator, register

GROUP = _("Records")


def _on_case(paths: dict, date: str) -> dict:
    """The case's dimensions seen from a record on the case, plus the record's date."""
    moved = {name: f"case__{path}" for name, path in CASE_PATHS.items() if name != "date"}
    return {**moved, **paths, "date": date}


def _open_during(period, prefix: str = "") -> Q:
    """Open at any time during the period: registered by its end, not closed before its start."""
    return Q(**{f"{prefix}registration_date__lte": period.end}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gte": period.start})
    )


def _case_records(model, user):
    return model.objects.filter(case__in=reportable_cases(user), is_voided=False)


SOURCES = [
    Indicator(
        code="records.cases",
        name=_("Number of cases"),
        description=_(
            "Cases open at any time during the period: registered on or before its "
            "last day and not closed before its first day."
        ),
        numerator=_("Cases open during the period"),
        base=lambda user, period: reportable_cases(user).filter(_open_during(period)),
        paths=CASE_PATHS,
        group=GROUP,
    ),
    Indicator(
        code="records.children",
        name=_("Number of children"),
        description=_(
            "Children with a case open at any time during the period, each counted "
            "once however many cases they have."
        ),
        numerator=_("Children with a case open during the period"),
        base=lambda user, period: reportable_cases(user).filter(_open_during(period)),
        paths=CASE_PATHS,
        unit_path="child",
        group=GROUP,
    ),
    Indicator(
        code="records.services",
        name=_("Number of services"),
        description=_("Services due during the period, whatever their status."),
        numerator=_("Services with a due date in the period"),
        base=lambda user, period: _case_records(Service, user).filter(
            due_on__range=(period.start, period.end)
        ),
        paths=_on_case({}, "due_on"),
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="records.referrals",
        name=_("Number of referrals"),
        description=_("Referrals made during the period, whatever their outcome."),
        numerator=_("Referrals made in the period"),
        base=lambda user, period: _case_records(Referral, user).filter(
            created_at__date__range=(period.start, period.end)
        ),
        paths=_on_case({}, "created_at"),
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="records.follow_ups",
        name=_("Number of follow-ups and visits"),
        description=_("Follow-ups and home visits due during the period, done or not."),
        numerator=_("Follow-ups with a due date in the period"),
        base=lambda user, period: _case_records(FollowUp, user).filter(
            due_on__range=(period.start, period.end)
        ),
        paths=_on_case({}, "due_on"),
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="records.care_arrangements",
        name=_("Number of care arrangements"),
        description=_(
            "Care arrangements in place at any time during the period: started on or "
            "before its last day and not ended before its first day."
        ),
        numerator=_("Care arrangements in place during the period"),
        base=lambda user, period: _case_records(CareArrangement, user).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=period.start),
            start_date__lte=period.end,
        ),
        # The child's own details are on the arrangement; the area is the case's.
        paths=_on_case(
            {
                "sex": "child__sex",
                "birth": "child__date_of_birth",
                "disability": "child__has_disability",
                "care_type": "care_type__code",
            },
            "start_date",
        ),
        case_path="case",
        group=GROUP,
    ),
]

for source in SOURCES:
    register(source)
