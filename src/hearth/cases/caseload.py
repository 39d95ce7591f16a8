"""Caseload limits (G3): each role may set a recommended and a maximum number of
open cases per worker. Above the recommendation the worker is warned; above the
maximum a new case is refused unless a supervisor overrides it with a reason."""

from django.db.models import Max
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record
from hearth.core.errors import Refused


def open_caseload(worker) -> int:
    from hearth.cases.models import Case

    return (
        Case.objects.filter(owner=worker, is_voided=False)
        .exclude(status=Case.Status.CLOSED)
        .count()
    )


def limits(worker) -> tuple[int | None, int | None]:
    """(recommended, maximum) over the worker's roles; the most generous applies."""
    agg = worker.roles.aggregate(r=Max("caseload_recommended"), m=Max("caseload_max"))
    return agg["r"], agg["m"]


def check_caseload(*, actor, worker, adding: int = 1, override_reason: str = "") -> str:
    """Return a warning ("" when none) or refuse. An override needs the
    `caseload.override` permission and a reason, and is audited."""
    recommended, maximum = limits(worker)
    after = open_caseload(worker) + adding
    if maximum is not None and after > maximum:
        reason = (override_reason or "").strip()
        if not reason or not policy.has_perm(actor, "caseload.override"):
            raise Refused(
                _(
                    "%(worker)s would have %(n)s open cases, above the maximum of %(max)s. A "
                    "supervisor can take the case on with a reason."
                )
                % {"worker": worker, "n": after, "max": maximum}
            )
        record(
            actor=actor,
            action="case.caseload_override",
            target=worker,
            detail={"open_cases": after, "maximum": maximum, "reason": reason},
        )
        return ""
    if recommended is not None and after > recommended:
        return _("%(worker)s will have %(n)s open cases, above the recommended %(rec)s.") % {
            "worker": worker,
            "n": after,
            "rec": recommended,
        }
    return ""
