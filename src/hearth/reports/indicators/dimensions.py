"""The ways an indicator can be broken down (H1): sex, age group, disability, area
at any level, care type, protection concern, agency, risk, status and period, and
for the case management indicators (H3) service type, referral outcome, closure
reason, goals met, caseworker and time taken.

An indicator says where each dimension lives on its rows (`paths`), e.g.
{"sex": "child__sex", "birth": "child__date_of_birth", "area": "location",
"date": "registration_date"}; this module turns a dimension into a database
expression and its values into labels people read."""

import datetime as dt

from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext_lazy as _

from hearth.core import config
from hearth.places.models import MAX_DEPTH

config.register(
    "reports.age_bands",
    [[0, 4], [5, 9], [10, 14], [15, 17], [18, None]],
    _("Age groups for disaggregation, as [from, to] years; to may be empty (and older)."),
)

UNKNOWN = "unknown"
PERIODS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
AREAS = {f"area_{n}": n for n in range(1, MAX_DEPTH + 1)}

# dimension -> the path key it needs on the indicator
NEEDS = {"age_band": "birth", **dict.fromkeys(AREAS, "area"), **dict.fromkeys(PERIODS, "date")}

LABELS = {
    "sex": _("Sex"),
    "age_band": _("Age group"),
    "disability": _("Disability"),
    "care_type": _("Care type"),
    "concern": _("Protection concern"),
    "agency": _("Agency"),
    "risk": _("Risk level"),
    "status": _("Status"),
    "service_type": _("Service"),
    "referral_status": _("Referral outcome"),
    "closure_reason": _("Reason for closure"),
    "goals_met": _("Goals met"),
    "worker": _("Caseworker"),
    "delay": _("Time taken"),
    "month": _("Month"),
    "quarter": _("Quarter"),
    "year": _("Year"),
}


def label(dimension: str):
    if dimension in AREAS:
        from hearth.places.models import LocationLevel

        level = LocationLevel.objects.filter(depth=AREAS[dimension]).first()
        return level.name if level else _("Area level %(n)s") % {"n": AREAS[dimension]}
    return LABELS.get(dimension, dimension.replace("_", " ").capitalize())


def age_bands() -> list[tuple[int, int | None, str]]:
    bands = []
    for low, high in config.get("reports.age_bands"):
        text = f"{low}–{high}" if high is not None else f"{low}+"
        bands.append((int(low), None if high is None else int(high), text))
    return bands


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_expression(birth_path: str, on: dt.date):
    """The age group on date `on`, worked out in the database from the birth date."""
    whens = []
    for low, high, text in age_bands():
        condition = {f"{birth_path}__lte": _years_before(on, low)}
        if high is not None:
            condition[f"{birth_path}__gt"] = _years_before(on, high + 1)
        whens.append(When(**condition, then=Value(text)))
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def expression(dimension: str, paths: dict, on: dt.date):
    """The database expression for `dimension` on rows described by `paths`."""
    if dimension == "age_band":
        return age_band_expression(paths["birth"], on)
    if dimension in AREAS:
        return F(f"{paths['area']}__level_{AREAS[dimension]}")
    if dimension in PERIODS:
        return PERIODS[dimension](paths["date"])
    if dimension == "delay":
        return delay_band_expression(paths["delay"])
    return F(paths[dimension])


def available(paths: dict) -> list[str]:
    """The dimensions an indicator with these paths can be broken down by."""
    dims = [d for d in LABELS if d in paths or (d in NEEDS and NEEDS[d] in paths)]
    if "area" in paths:
        dims += list(AREAS)
    return [d for d in dims if d not in PERIODS or "date" in paths]


def value_labels(dimension: str, values) -> dict:
    """Human labels for the values found in a dimension (one query at most)."""
    values = [v for v in values if v not in (None, "")]
    if dimension in AREAS:
        from hearth.places.models import Location

        return dict(Location.objects.filter(code__in=values).values_list("code", "name"))
    if dimension == "sex":
        from hearth.registry.models import Sex

        return {v: Sex(v).label for v in values if v in Sex.values}
    if dimension == "disability":
        from hearth.registry.models import YesNoUnknown

        return {v: YesNoUnknown(v).label for v in values if v in YesNoUnknown.values}
    if dimension == "risk":
        from hearth.cases.models import RiskLevel

        return {v: RiskLevel(v).label for v in values if v in RiskLevel.values}
    if dimension == "status":
        from hearth.cases.models import Case as CaseModel

        return {v: CaseModel.Status(v).label for v in values if v in CaseModel.Status.values}
    if dimension == "care_type":
        from hearth.care.models import CareType

        return dict(CareType.objects.filter(code__in=values).values_list("code", "name"))
    if dimension == "concern":
        from hearth.cases.models import ProtectionConcern

        return dict(ProtectionConcern.objects.filter(code__in=values).values_list("code", "name"))
    if dimension == "agency":
        from hearth.accounts.models import Agency

        return {a.pk: str(a) for a in Agency.objects.filter(pk__in=values)}
    if dimension in PERIODS:
        return {v: period_code(dimension, v) for v in values}
    return _casework_labels(dimension, values)


def _casework_labels(dimension: str, values) -> dict:
    """Labels for the dimensions of the case management indicators (H3)."""
    from hearth.cases import models as cases

    choices = {
        "referral_status": cases.Referral.Status,
        "closure_reason": cases.Closure.Reason,
        "goals_met": cases.Closure.GoalsMet,
    }
    if dimension in choices:
        kind = choices[dimension]
        return {v: kind(v).label for v in values if v in kind.values}
    if dimension == "service_type":
        return dict(cases.ServiceType.objects.filter(code__in=values).values_list("code", "name"))
    if dimension == "worker":
        from hearth.accounts.models import User

        return {
            u.pk: str(u.get_full_name() or u.username) for u in User.objects.filter(pk__in=values)
        }
    if dimension == "delay":
        return {code: text for code, _low, _high, text in delay_bands() if code in values}
    return {v: v for v in values}


def delay_bands() -> list[tuple[str, int, int | None, str]]:
    """Bands of days for the time-taken distributions (registration to assessment,
    to an approved plan): (code, from, to, label). Codes sort in order."""
    return [
        ("a", 0, 1, str(_("0–1 days"))),
        ("b", 2, 3, str(_("2–3 days"))),
        ("c", 4, 7, str(_("4–7 days"))),
        ("d", 8, 14, str(_("8–14 days"))),
        ("e", 15, 30, str(_("15–30 days"))),
        ("f", 31, 60, str(_("31–60 days"))),
        ("g", 61, None, str(_("More than 60 days"))),
    ]


def delay_band_expression(days_path: str):
    """The time-taken band of a duration column, in the database."""
    whens = []
    for code, _low, high, _text in delay_bands():
        if high is None:
            whens.append(When(**{f"{days_path}__isnull": False}, then=Value(code)))
        else:
            whens.append(
                When(**{f"{days_path}__lt": dt.timedelta(days=high + 1)}, then=Value(code))
            )
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def period_range(date_path: str, code: str):
    """Rows whose date falls in the period written as `code` (202603, 2026Q1, 2026)."""
    from django.db.models import Q
    from django.utils import timezone

    from hearth.reports.indicators.period import Period

    period = Period.parse(code)
    if date_path.endswith("_at"):  # a timestamp: whole local days
        start = timezone.make_aware(dt.datetime.combine(period.start, dt.time()))
        end = timezone.make_aware(dt.datetime.combine(period.end, dt.time()) + dt.timedelta(days=1))
        return Q(**{f"{date_path}__gte": start, f"{date_path}__lt": end})
    return Q(**{f"{date_path}__range": (period.start, period.end)})


def period_code(kind: str, value) -> str:
    day = value.date() if isinstance(value, dt.datetime) else value
    if kind == "month":
        return f"{day.year}{day.month:02d}"
    if kind == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return str(day.year)
