"""Reads of the DHIS2 pages and API. Only dhis2.manage reaches them; a missing or
voided row is "not found"."""

from hearth.access import policy
from hearth.core.errors import NotFound
from hearth.reports.dhis2.services import PERMISSION
from hearth.reports.models import DataElementMapping, Dhis2Submission, OrgUnitMapping


def _get(user, queryset, pk):
    policy.require(user, PERMISSION)
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound("Not found.")
    return found


def mappings(user):
    policy.require(user, PERMISSION)
    return DataElementMapping.objects.filter(is_voided=False)


def mapping_for(user, pk) -> DataElementMapping:
    return _get(user, DataElementMapping.objects.filter(is_voided=False), pk)


def org_units(user):
    policy.require(user, PERMISSION)
    return OrgUnitMapping.objects.filter(is_voided=False).select_related("location")


def org_unit_for(user, pk) -> OrgUnitMapping:
    return _get(user, org_units(user), pk)


def submissions(user):
    policy.require(user, PERMISSION)
    return Dhis2Submission.objects.select_related("created_by").order_by("-created_at")


def submission_for(user, pk) -> Dhis2Submission:
    return _get(user, submissions(user), pk)
