"""The care sections of the case page: "Care arrangements" (the timeline, the
current placement, gatekeeping), "Reintegration" and "Tracing"."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.care import charts, queries, timeframes
from hearth.care.models import (
    CareArrangement,
    CareType,
    GatekeepingDecision,
    ReintegrationPlan,
    TracingMatch,
    TracingRequest,
)
from hearth.care.services import safeguards
from hearth.cases import sections
from hearth.cases.overview import consents_of
from hearth.cases.services.registration import standing_consent
from hearth.core import clock


def _may_manage(user, case) -> bool:
    """Care actions show on an open case to whoever may record care on it."""
    return case.is_open and policy.can(user, "care.manage", case)


def care(user, case) -> dict:
    # Most children are never placed: the timeline (one wide read through the
    # visible set) is read only when the child has an arrangement at all.
    items = queries.timeline_of(user, case) if sections.has(case, "care") else []
    current = queries.current_of(items)
    today = clock.today()
    for a in items:
        a.safeguard_labels = safeguards.labels(a.safeguard_reasons)  # type: ignore[attr-defined]
        a.gatekeeping_due = (  # type: ignore[attr-defined]
            timeframes.gatekeeping_due(a.start_date)
            if a.is_emergency and not a.gatekeeping_id
            else None
        )
    running = current if current is not None and current.is_current_on(today) else None
    return {
        "items": items,
        "may_manage": _may_manage(user, case),
        "today": today,
        "current": current,
        "running": running,
        "chart": charts.timeline(items),
        "settings": CareType.Setting.choices,
        "has_care_plan": queries.has_care_plan(running) if running and running.is_formal else None,
        "gatekeeping": (
            list(queries.gatekeeping_of(case)[:10]) if sections.has(case, "gatekeeping") else []
        ),
        "recent_contacts": running.contacts.filter(is_voided=False)[:5] if running else [],
        "last_review": queries.reviews_of(running).first() if running else None,
    }


def reintegration(user, case) -> dict:
    plans = (
        list(queries.reintegration_plans_of(case)) if sections.has(case, "reintegration") else []
    )
    return {
        "plans": plans,
        "may_manage": _may_manage(user, case),
        "open_plan": next((p for p in plans if p.status in ReintegrationPlan.OPEN), None),
        "today": clock.today(),
    }


def tracing(user, case) -> dict:
    found = (
        queries.tracing_of(case)
        if sections.has(case, "tracing_requests") or sections.has(case, "tracing_matches")
        else {"requests": [], "matches": []}
    )
    return {**found, "consent": standing_consent(consents_of(case), "tracing")}


sections.add(
    "care",
    _("Care arrangements"),
    "care/sections/care.html",
    care,
    "care.view",
    40,
    asks=("care.manage",),
)
sections.add(
    "reintegration",
    _("Reintegration"),
    "care/sections/reintegration.html",
    reintegration,
    "care.view",
    42,
)
sections.add(
    "tracing",
    _("Tracing"),
    "care/sections/tracing.html",
    tracing,
    "tracing.manage",
    44,
    asks=("tracing.manage",),
)
# Care is the child's: any arrangement or gatekeeping decision about the child,
# whichever case recorded it and whoever may see it (the timeline itself is then
# read through the visible set); this only tells the page whether to read.
sections.holds(
    "care", lambda: CareArrangement.objects.filter(child=OuterRef("child_id"), is_voided=False)
)
sections.holds(
    "gatekeeping",
    lambda: GatekeepingDecision.objects.filter(child=OuterRef("child_id"), is_voided=False),
)
sections.holds(
    "reintegration",
    lambda: ReintegrationPlan.objects.filter(case=OuterRef("pk"), is_voided=False),
)
sections.holds(
    "tracing_requests",
    lambda: TracingRequest.objects.filter(case=OuterRef("pk"), is_voided=False),
)
sections.holds(
    "tracing_matches", lambda: TracingMatch.objects.filter(case=OuterRef("pk"), is_voided=False)
)
