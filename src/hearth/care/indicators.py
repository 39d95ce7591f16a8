"""The formal-care indicators (H2) of the UNICEF/Better Care Network manual for the
measurement of indicators for children in formal care (2009). Definitions in
docs/indicators.md, "Formal care (H2)".

Rows are care arrangements on the cases the viewer may report on (no voided cases,
no duplicates); a child is counted once however many placements they had. Every
indicator breaks down by sex, age group (on the period's last day), disability,
area (of the child's case) and care type."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.care import timeframes
from hearth.care.models import CareArrangement, CareType, Discharge, FamilyContact, PlacementReview
from hearth.care.population import child_population
from hearth.cases.models import CasePlan
from hearth.reports.indicators import dimensions
from hearth.reports.indicators.casework import in_scope
from hearth.reports.indicators.engine import Indicator, Result, Row, compute, get, register

GROUP = gettext_lazy("Formal care")

PATHS = {
    "sex": "child__sex",
    "birth": "child__date_of_birth",
    "disability": "child__has_disability",
    "area": "case__location",
    "care_type": "care_type__code",
}


def placements(user):
    return CareArrangement.objects.filter(in_scope(user), is_voided=False)


def in_formal_care_on(user, day: dt.date):
    return placements(user).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day), is_formal=True, start_date__lte=day
    )


def entries(user, period):
    """Placements that brought a child into formal care in the period: not a move
    from one formal placement to the next."""
    return placements(user).filter(
        entered_formal_care=True, start_date__range=(period.start, period.end)
    )


RESIDENTIAL = Q(care_type__setting=CareType.Setting.RESIDENTIAL)
FAMILY_BASED = Q(care_type__setting__in=CareType.FAMILY_SETTINGS)


def _with_plan(qs, period):
    approved = CasePlan.objects.filter(
        case=OuterRef("case"),
        status__in=(CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED),
        is_voided=False,
        approved_at__date__lte=period.end,
    )
    return qs.annotate(has_case_plan=Exists(approved))


def _with_last_review(qs, period):
    last = (
        PlacementReview.objects.filter(
            arrangement=OuterRef("pk"), is_voided=False, held_on__lte=period.end
        )
        .values("arrangement")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    return qs.annotate(last_review=Subquery(last))


def _reviewed_on_time(period) -> Q:
    since = period.end - dt.timedelta(days=timeframes.review_days())
    return Q(last_review__gte=since) | Q(start_date__gte=since)


def _with_contact(qs, period):
    contact = FamilyContact.objects.filter(
        child=OuterRef("child"), is_voided=False, contact_on__range=(period.start, period.end)
    )
    return qs.annotate(had_contact=Exists(contact))


def _left_for_family(user, period):
    to_family = Q(followed_by__care_type__setting__in=CareType.FAMILY_SETTINGS) | Q(
        discharge__kind__in=Discharge.TO_FAMILY
    )
    return placements(user).filter(
        RESIDENTIAL, to_family, end_date__range=(period.start, period.end)
    )


INDICATORS = [
    Indicator(
        code="care.entries",
        name=gettext_lazy("Children entering formal care"),
        description=gettext_lazy(
            "Children who entered formal care during the period: a formal placement started "
            "and the child was not in formal care the day before."
        ),
        numerator=gettext_lazy("Children whose formal care began in the period"),
        source="H2",
        base=entries,
        paths={**PATHS, "date": "start_date"},
        unit_path="child",
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="care.in_formal_care",
        name=gettext_lazy("Children in formal care"),
        description=gettext_lazy("Children in formal care on the last day of the period."),
        numerator=gettext_lazy("Children in a formal placement on the last day"),
        source="H2",
        base=lambda user, period: in_formal_care_on(user, period.end),
        paths=PATHS,
        unit_path="child",
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="care.left_residential_for_family",
        name=gettext_lazy("Children leaving residential care for family-based care"),
        description=gettext_lazy(
            "Children whose residential placement ended in the period and who went straight "
            "to parental, family-based or permanent family care (the next arrangement, or "
            "a discharge to reintegration, kinship or foster care)."
        ),
        numerator=gettext_lazy("Children who left residential care for a family"),
        source="H2",
        base=_left_for_family,
        paths={**PATHS, "date": "end_date"},
        unit_path="child",
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="care.residential_ratio",
        name=gettext_lazy("Ratio of residential to family-based formal care"),
        description=gettext_lazy(
            "Children in residential formal care for every child in family-based formal "
            "care, on the last day of the period."
        ),
        numerator=gettext_lazy("Children in residential care on the last day"),
        denominator=gettext_lazy("Children in family-based formal care on the last day"),
        unit="ratio",
        source="H2",
        base=lambda user, period: in_formal_care_on(user, period.end),
        paths=PATHS,
        unit_path="child",
        part=lambda period: RESIDENTIAL,
        whole=lambda period: FAMILY_BASED,
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="care.with_care_plan",
        name=gettext_lazy("Children in formal care with a care plan"),
        description=gettext_lazy(
            "Of the children in formal care on the last day, the percentage whose placement "
            "has a care plan: the placement's own, or a case plan approved by that day."
        ),
        numerator=gettext_lazy("Children in formal care with a care plan"),
        denominator=gettext_lazy("Children in formal care on the last day"),
        unit="percent",
        source="H2",
        base=lambda user, period: _with_plan(in_formal_care_on(user, period.end), period),
        paths=PATHS,
        unit_path="child",
        part=lambda period: ~Q(care_plan_note="") | Q(has_case_plan=True),
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="care.reviewed_on_time",
        name=gettext_lazy("Placements reviewed on time"),
        description=gettext_lazy(
            "Of the formal placements running on the last day, the percentage reviewed within "
            "the review interval (care.review_days, at most three months) before that day; "
            "a placement younger than the interval is not yet due and counts as on time."
        ),
        numerator=gettext_lazy("Placements reviewed within the interval"),
        denominator=gettext_lazy("Formal placements on the last day"),
        unit="percent",
        source="H2",
        base=lambda user, period: _with_last_review(in_formal_care_on(user, period.end), period),
        paths=PATHS,
        part=_reviewed_on_time,
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="care.gatekept_entries",
        name=gettext_lazy("Entries into formal care with gatekeeping"),
        description=gettext_lazy(
            "Of the placements that brought a child into formal care in the period, the "
            "percentage with a gatekeeping decision recorded."
        ),
        numerator=gettext_lazy("Entries with a gatekeeping decision"),
        denominator=gettext_lazy("Entries into formal care"),
        unit="percent",
        source="H2",
        base=entries,
        paths={**PATHS, "date": "start_date"},
        part=lambda period: Q(gatekeeping__isnull=False),
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="care.family_contact",
        name=gettext_lazy("Children in formal care in contact with their family"),
        description=gettext_lazy(
            "Of the children in formal care on the last day, the percentage with contact with "
            "their family (a visit, call, video or letter) recorded during the period."
        ),
        numerator=gettext_lazy("Children with family contact in the period"),
        denominator=gettext_lazy("Children in formal care on the last day"),
        unit="percent",
        source="H2",
        base=lambda user, period: _with_contact(in_formal_care_on(user, period.end), period),
        paths=PATHS,
        unit_path="child",
        part=lambda period: Q(had_contact=True),
        case_path="case",
        group=GROUP,
    ),
    Indicator(
        code="care.deaths",
        name=gettext_lazy("Deaths in formal care"),
        description=gettext_lazy("Children who died while in formal care, during the period."),
        numerator=gettext_lazy("Children discharged from formal care by death"),
        source="H2",
        base=lambda user, period: placements(user).filter(
            is_formal=True,
            discharge__kind=Discharge.Kind.DEATH,
            discharge__discharged_on__range=(period.start, period.end),
        ),
        paths={**PATHS, "date": "discharge__discharged_on"},
        unit_path="child",
        case_path="case",
        group=GROUP,
    ),
]

for indicator in INDICATORS:
    register(indicator)


# --- entries per 100,000 children ---------------------------------------------------------

RATE_DIMENSIONS = {"sex", "age_band", *dimensions.AREAS}


def _entry_rate(indicator, user, period, by, filters) -> Result:
    """Entries (care.entries, over what the user may see) per 100,000 children of
    the population table, cell by cell. Only sex, age group and area break a
    population down; anything else is refused."""
    unsupported = [d for d in [*by, *filters] if d not in RATE_DIMENSIONS]
    if unsupported:
        raise ValueError(
            _("The population table has no %(d)s: break the rate down by sex, age or area.")
            % {"d": ", ".join(unsupported)}
        )
    counted = compute(get("care.entries"), user, period, by, filters)
    population, total_population = child_population(user, period, by, filters)
    numerators = {tuple(r.keys[d] for d in by): r.numerator for r in counted.rows}
    keys = sorted(set(numerators) | set(population), key=lambda k: tuple(str(v) for v in k))
    rows = [
        _rate_row(dict(zip(by, key, strict=True)), numerators.get(key, 0), population.get(key))
        for key in keys
    ]
    labels = {d: dimensions.value_labels(d, {r.keys[d] for r in rows}) for d in by}
    total = _rate_row({}, counted.total.numerator, total_population)
    return Result(indicator, period, list(by), rows, total, labels)


def _rate_row(keys: dict, numerator, population) -> Row:
    value = round(numerator * 100_000 / population, 1) if population else None
    return Row(keys, numerator, population, value)


register(
    Indicator(
        code="care.entries_rate",
        name=gettext_lazy("Children entering formal care per 100,000 children"),
        description=gettext_lazy(
            "Children entering formal care in the period for every 100,000 children of the "
            "population table (the year of the period's end, or the latest year before it)."
        ),
        numerator=gettext_lazy("Children whose formal care began in the period"),
        denominator=gettext_lazy("Child population"),
        unit="rate_100k",
        source="H2",
        base=entries,
        paths={"sex": "child__sex", "birth": "child__date_of_birth", "area": "case__location"},
        unit_path="child",
        case_path="case",
        custom=_entry_rate,
        group=GROUP,
    )
)
