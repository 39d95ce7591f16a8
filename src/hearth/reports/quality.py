"""The data quality report (I5): how complete the required facts of cases are, per
area and per worker; which cases contradict themselves; which open cases have
seen no activity for a while. Everything is counted in the database (COUNT with
a FILTER, EXISTS subqueries: no joins that multiply rows), over the cases the
viewer's reporting scope covers (the same set as indicators), and every number
leads to the list of cases behind it.

Other apps add their own measures at import time: `add_completeness(...)` for a
fact that should be recorded, `add_check(...)` for an inconsistency (care adds
overlapping placements)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from hearth.cases.models import (
    Assessment,
    Case,
    CasePlan,
    ConsentRecord,
    FollowUp,
    Referral,
    Service,
)
from hearth.core import clock, config
from hearth.places.models import MAX_DEPTH, Location, LocationLevel
from hearth.registry.models import Relationship
from hearth.reports.indicators.casework import reportable_cases

config.register(
    "quality.inactive_days",
    60,
    _("Days without any activity after which an open case counts as inactive (I5)."),
)


@dataclass(frozen=True)
class When:
    """The moment a report is computed for, and what it needs to know once."""

    now: dt.datetime
    today: dt.date
    lowest_level: int


@dataclass(frozen=True)
class Completeness:
    key: str
    label: object
    complete: Callable[[When], Q]  # the cases that have it
    applies: Callable[[When], Q] | None = None  # the cases it is required of (None: all)
    order: int = 50


@dataclass(frozen=True)
class Check:
    key: str
    label: object
    description: object
    condition: Callable[[When], Q]  # the cases that fail it
    order: int = 50


_completeness: dict[str, Completeness] = {}
_checks: dict[str, Check] = {}


def add_completeness(item: Completeness) -> None:
    _completeness[item.key] = item


def add_check(item: Check) -> None:
    _checks[item.key] = item


def completeness_items() -> list[Completeness]:
    return sorted(_completeness.values(), key=lambda c: (c.order, c.key))


def checks() -> list[Check]:
    return sorted(_checks.values(), key=lambda c: (c.order, c.key))


def when() -> When:
    levels = LocationLevel.objects.aggregate(d=Max("depth"))["d"]
    used = Location.objects.filter(is_voided=False).aggregate(d=Max("depth"))["d"]
    return When(clock.now(), clock.today(), levels or used or 1)


def _has(model, **filters) -> Q:
    return Q(Exists(model.objects.filter(case=OuterRef("pk"), is_voided=False, **filters)))


# --- what should be recorded on every case ----------------------------------------

for _measure in [
    Completeness(
        "child_birth_date",
        _("Child's date of birth"),
        lambda w: Q(child__date_of_birth__isnull=False),
        order=10,
    ),
    Completeness(
        "child_sex",
        _("Child's sex"),
        lambda w: ~Q(child__sex__in=["unknown", ""]),
        order=11,
    ),
    Completeness(
        "lowest_area",
        _("Area at the lowest level"),
        lambda w: Q(location__depth__gte=w.lowest_level),
        order=12,
    ),
    Completeness(
        "concern",
        _("At least one protection concern"),
        lambda w: Q(Exists(Case.concerns.through.objects.filter(case_id=OuterRef("pk")))),
        order=13,
    ),
    Completeness(
        "consent",
        _("Consent for services recorded"),
        lambda w: _has(ConsentRecord, kind=ConsentRecord.Kind.SERVICES),
        order=14,
    ),
    Completeness(
        "caregiver",
        _("A caregiver recorded"),
        lambda w: Q(
            Exists(
                Relationship.objects.filter(
                    person=OuterRef("child_id"), is_caregiver=True, is_voided=False
                )
            )
        ),
        order=15,
    ),
    Completeness(
        "assessment",
        _("Assessment completed once due"),
        lambda w: (
            _has(Assessment, status=Assessment.Status.APPROVED)
            | _has(Assessment, completed_at__isnull=False)
        ),
        applies=lambda w: Q(assessment_due_at__lte=w.now) | ~Q(status=Case.Status.REGISTERED),
        order=20,
    ),
    Completeness(
        "case_plan",
        _("Case plan approved once due"),
        lambda w: _has(CasePlan, status__in=[CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED]),
        applies=lambda w: (
            Q(plan_due_on__lte=w.today)
            | Q(
                status__in=[
                    Case.Status.PLAN_APPROVED,
                    Case.Status.IN_IMPLEMENTATION,
                    Case.Status.UNDER_REVIEW,
                ]
            )
        ),
        order=21,
    ),
]:
    add_completeness(_measure)


# --- what contradicts itself ------------------------------------------------------------

for _check in [
    Check(
        "birth_after_registration",
        _("Born after registration"),
        _("The child's date of birth is after the case's registration date."),
        lambda w: Q(child__date_of_birth__gt=F("registration_date")),
        order=10,
    ),
    Check(
        "closed_before_registration",
        _("Closed before registration"),
        _("The closure date is before the registration date."),
        lambda w: Q(closed_on__lt=F("registration_date")),
        order=11,
    ),
    Check(
        "closed_without_date",
        _("Closed without a closure date"),
        _("The case is closed but has no closure date."),
        lambda w: Q(status=Case.Status.CLOSED, closed_on__isnull=True),
        order=12,
    ),
    Check(
        "closed_before_assessment",
        _("Closed before its assessment"),
        _("An assessment is dated after the case was closed."),
        lambda w: (
            Q(closed_on__isnull=False) & _has(Assessment, assessed_on__gt=OuterRef("closed_on"))
        ),
        order=13,
    ),
    Check(
        "service_before_registration",
        _("Service delivered before registration"),
        _("A service's delivery date is before the case was registered."),
        lambda w: _has(Service, delivered_on__lt=OuterRef("registration_date")),
        order=20,
    ),
    Check(
        "service_before_referral",
        _("Service delivered before its referral"),
        _("A service that answers a referral was delivered before the referral was made."),
        lambda w: _has(Service, delivered_on__lt=F("referral__created_at__date")),
        order=21,
    ),
    Check(
        "visit_before_registration",
        _("Follow-up done before registration"),
        _("A follow-up or visit is recorded as done before the case was registered."),
        lambda w: _has(FollowUp, done_on__lt=OuterRef("registration_date")),
        order=22,
    ),
    Check(
        "closed_with_active_referral",
        _("Closed with an active referral"),
        _("The case is closed but a referral is still pending or accepted."),
        lambda w: Q(status=Case.Status.CLOSED) & _has(Referral, status__in=Referral.ACTIVE),
        order=30,
    ),
]:
    add_check(_check)


def inactive(w: When) -> Q:
    """Open cases with no activity for `quality.inactive_days` (a case never touched
    since registration counts from when it was entered)."""
    since = w.now - dt.timedelta(days=int(config.get("quality.inactive_days")))
    return ~Q(status=Case.Status.CLOSED) & Q(last_touched__lt=since)


def cases_in_scope(user):
    return reportable_cases(user).annotate(last_touched=Coalesce("last_activity_at", "created_at"))


# --- the report ---------------------------------------------------------------------------


@dataclass
class Measure:
    key: str
    required: int  # cases it applies to
    recorded: int  # of which have it

    @property
    def missing(self) -> int:
        return self.required - self.recorded

    @property
    def percent(self) -> float | None:
        return round(100 * self.recorded / self.required, 1) if self.required else None


@dataclass
class Group:
    value: object  # area code, worker id; None for the total
    label: str
    cases: int
    inactive: int
    measures: dict[str, Measure]  # in the order of completeness_items()

    @property
    def cells(self) -> list[Measure]:
        return list(self.measures.values())


def _measures(w: When) -> dict:
    out = {"cases": Count("pk"), "inactive": Count("pk", filter=inactive(w))}
    for item in completeness_items():
        applies = item.applies(w) if item.applies else Q()
        out[f"{item.key}__required"] = Count("pk", filter=applies)
        out[f"{item.key}__recorded"] = Count("pk", filter=applies & item.complete(w))
    return out


def _group(value, label, found: dict) -> Group:
    return Group(
        value,
        label,
        found["cases"],
        found["inactive"],
        {
            item.key: Measure(
                item.key, found[f"{item.key}__required"], found[f"{item.key}__recorded"]
            )
            for item in completeness_items()
        },
    )


GROUPINGS = {"area", "worker"}


def _group_path(by: str, level: int) -> str:
    if by == "area":
        return f"location__level_{level}"
    if by == "worker":
        return "owner_id"
    raise ValueError(f"unknown grouping {by!r}")


def completeness(user, by: str | None = None, level: int = 1, w: When | None = None):
    """The total (by=None) or one Group per area at `level` or per worker."""
    w = w or when()
    qs = cases_in_scope(user)
    measures = _measures(w)
    if by is None:
        return _group(None, str(_("All cases")), qs.aggregate(**measures))
    path = _group_path(by, level)
    found = list(qs.values(path).annotate(**measures).order_by(path))
    labels = _labels(by, [row[path] for row in found])
    groups = [_group(row[path], labels.get(row[path], ""), row) for row in found]
    return sorted(groups, key=lambda g: g.label.lower())


def _labels(by: str, values) -> dict:
    values = [v for v in values if v]
    if by == "area":
        return dict(Location.objects.filter(code__in=values).values_list("code", "name"))
    from django.contrib.auth import get_user_model

    return {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=values)}


def inconsistencies(user, w: When | None = None) -> list[tuple[Check, int]]:
    w = w or when()
    found = cases_in_scope(user).aggregate(
        **{check.key: Count("pk", filter=check.condition(w)) for check in checks()}
    )
    return [(check, found[check.key]) for check in checks()]


def report(user, level: int = 1) -> dict:
    w = when()
    level = max(1, min(int(level), MAX_DEPTH))
    items = completeness_items()
    total = completeness(user, w=w)
    return {
        "level": level,
        "inactive_days": int(config.get("quality.inactive_days")),
        "items": items,
        "total": total,
        "total_rows": [{"item": i, "measure": total.measures[i.key]} for i in items],
        "by_area": completeness(user, "area", level, w),
        "by_worker": completeness(user, "worker", w=w),
        "inconsistencies": inconsistencies(user, w),
    }


def cases_behind(user, measure: str, *, by: str = "", value: str = "", level: int = 1):
    """The cases behind one number of the report: `measure` is "missing:<key>"
    (cases a fact is required of that lack it), "check:<key>" or "inactive";
    optionally within one area (by="area", value=code at `level`) or worker."""
    w = when()
    kind, _sep, key = measure.partition(":")
    if kind == "missing" and key in _completeness:
        item = _completeness[key]
        condition = (item.applies(w) if item.applies else Q()) & ~item.complete(w)
    elif kind == "check" and key in _checks:
        condition = _checks[key].condition(w)
    elif measure == "inactive":
        condition = inactive(w)
    else:
        raise ValueError(f"unknown measure {measure!r}")
    qs = cases_in_scope(user).filter(condition)
    if by in GROUPINGS:
        qs = qs.filter(**{_group_path(by, level): value})
    return qs.select_related("owner", "location").order_by("registration_date", "number")


def measure_label(measure: str):
    kind, _sep, key = measure.partition(":")
    if kind == "missing" and key in _completeness:
        return _("Missing: %(what)s") % {"what": _completeness[key].label}
    if kind == "check" and key in _checks:
        return _checks[key].label
    if measure == "inactive":
        return _("Open cases with no recent activity")
    return measure
