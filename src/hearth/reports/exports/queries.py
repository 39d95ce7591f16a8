"""What an export reads: the cases the exporter may see (the same visible set as
the case list, the API and the case page), narrowed by the export's filters; and
the exporter's own jobs (nobody sees another person's export)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from hearth.cases.access import visible_cases
from hearth.core.errors import NotFound
from hearth.places.models import Location
from hearth.reports.models import ExportJob


def export_cases(user, filters: dict):
    """Cases for an export, oldest registration first. `filters` is the job's plain
    JSON: status, risk, area (a location id: that area and everything under it),
    agency (an id), registered_from, registered_to (ISO dates)."""
    qs = visible_cases(user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("risk"):
        qs = qs.filter(risk_level=filters["risk"])
    if filters.get("agency"):
        qs = qs.filter(agency_id=filters["agency"])
    if filters.get("area"):
        area = Location.objects.filter(pk=filters["area"]).values_list("path", flat=True).first()
        qs = qs.filter(location__path__startswith=area) if area else qs.none()
    if filters.get("registered_from"):
        qs = qs.filter(registration_date__gte=dt.date.fromisoformat(filters["registered_from"]))
    if filters.get("registered_to"):
        qs = qs.filter(registration_date__lte=dt.date.fromisoformat(filters["registered_to"]))
    return qs.order_by("registration_date", "number")


def jobs_of(user):
    return ExportJob.objects.filter(owner=user, is_voided=False).order_by("-created_at")


def job_for(user, pk) -> ExportJob:
    """One of the user's own exports; anyone else's is the same 404 as a missing one."""
    try:
        return jobs_of(user).get(pk=pk)
    except (ExportJob.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound("Not found.") from exc


def filters_shown(filters: dict) -> list[tuple[str, str]]:
    """The job's filters as a person reads them: (what, value) for those set."""
    from django.utils.translation import gettext as _

    from hearth.accounts.models import Agency
    from hearth.cases.models import Case, RiskLevel

    shown = []
    if filters.get("status"):
        shown.append((_("Status"), str(Case.Status(filters["status"]).label)))
    if filters.get("risk"):
        shown.append((_("Risk level"), str(RiskLevel(filters["risk"]).label)))
    if filters.get("area"):
        area = Location.objects.filter(pk=filters["area"]).first()
        shown.append((_("Area"), area.full_name() if area else "?"))
    if filters.get("agency"):
        shown.append((_("Agency"), str(Agency.objects.filter(pk=filters["agency"]).first())))
    if filters.get("registered_from"):
        shown.append((_("Registered from"), filters["registered_from"]))
    if filters.get("registered_to"):
        shown.append((_("Registered until"), filters["registered_to"]))
    return shown
