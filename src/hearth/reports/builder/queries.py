"""Which saved reports a person sees: their own, and those shared with one of
their roles, as long as they may see reports at all (report.view). Anyone else's
report is the same 404 as a missing one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q

from hearth.access import policy
from hearth.core.errors import NotFound
from hearth.reports.models import SavedReport, ScheduledRun


def reports_for(user):
    if not policy.has_perm(user, "report.view"):
        return SavedReport.objects.none()
    roles = [role.pk for role in policy.roles_of(user)]
    shared = SavedReport.objects.filter(shared_with__in=roles).values("pk")
    return (
        SavedReport.objects.filter(Q(owner=user) | Q(pk__in=shared), is_voided=False)
        .select_related("owner")
        .order_by("title", "created_at")
    )


def report_for(user, pk) -> SavedReport:
    try:
        return reports_for(user).get(pk=pk)
    except (SavedReport.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound("Not found.") from exc


def is_owner(user, report: SavedReport) -> bool:
    return report.owner_id == getattr(user, "pk", None)


def runs_of(user, report: SavedReport):
    """The scheduled runs' files: only their owner downloads them."""
    if not is_owner(user, report):
        return ScheduledRun.objects.none()
    return ScheduledRun.objects.filter(report=report).select_related("export")[:12]
