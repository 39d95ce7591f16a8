"""The care sections of the case page: "Care arrangements" (the timeline, the
current placement, gatekeeping), "Reintegration" and "Tracing"."""

from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.care import charts, queries, timeframes
from hearth.care.models import CareType, ReintegrationPlan
from hearth.care.services import safeguards
from hearth.cases import sections
from hearth.cases.overview import consents_of
from hearth.cases.services.registration import standing_consent
from hearth.core import clock


def _may_manage(user, case) -> bool:
    """Care actions show on an open case to whoever may record care on it."""
    return case.is_open and policy.can(user, "care.manage", case)


def care(user, case) -> dict:
    items = queries.timeline_of(user, case)
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
        "gatekeeping": list(queries.gatekeeping_of(case)[:10]),
        "recent_contacts": running.contacts.filter(is_voided=False)[:5] if running else [],
        "last_review": queries.reviews_of(running).first() if running else None,
    }


def reintegration(user, case) -> dict:
    plans = list(queries.reintegration_plans_of(case))
    return {
        "plans": plans,
        "may_manage": _may_manage(user, case),
        "open_plan": next((p for p in plans if p.status in ReintegrationPlan.OPEN), None),
        "today": clock.today(),
    }


def tracing(user, case) -> dict:
    return {**queries.tracing_of(case), "consent": standing_consent(consents_of(case), "tracing")}


sections.add("care", _("Care arrangements"), "care/sections/care.html", care, "care.view", 40)
sections.add(
    "reintegration",
    _("Reintegration"),
    "care/sections/reintegration.html",
    reintegration,
    "care.view",
    42,
)
sections.add("tracing", _("Tracing"), "care/sections/tracing.html", tracing, "tracing.manage", 44)
