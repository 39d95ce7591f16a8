"""Reads of forms and lookups, starting from the access policy like every read."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.core.errors import NotFound
from hearth.forms.models import FormDefinition, FormVersion, Lookup, LookupValue

MANAGE = "config.manage"


def definitions(user, permission: str = MANAGE) -> QuerySet[FormDefinition]:
    """Forms with their versions (newest first) prefetched."""
    return (
        policy.visible(user, FormDefinition, permission)
        .filter(is_voided=False)
        .prefetch_related(
            Prefetch("versions", queryset=FormVersion.objects.filter(is_voided=False))
        )
    )


def definition_for(user, code: str, permission: str = MANAGE) -> FormDefinition:
    found = definitions(user, permission).filter(code=code).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


def version_for(
    user, code: str, number: int, permission: str = MANAGE, *, drafts: bool = True
) -> FormVersion:
    """One version of a form. `drafts=False` hides unpublished work (what most
    readers see: answers are only ever made with published versions)."""
    qs = (
        policy.visible(user, FormVersion, permission)
        .filter(definition__code=code, number=number, is_voided=False)
        .select_related("definition")
    )
    if not drafts:
        qs = qs.exclude(status=FormVersion.Status.DRAFT)
    found = qs.first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


def current_version(code: str) -> FormVersion | None:
    """The published version of a form, for the services that record answers.
    Form schemas hold no one's data, so no reader is needed to find one."""
    return FormVersion.objects.current(code)


def lookups(user, permission: str = MANAGE) -> QuerySet[Lookup]:
    return (
        policy.visible(user, Lookup, permission)
        .filter(is_voided=False)
        .prefetch_related(Prefetch("values", queryset=LookupValue.objects.filter(is_voided=False)))
    )


def lookup_for(user, code: str, permission: str = MANAGE) -> Lookup:
    found = lookups(user, permission).filter(code=code).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


def lookup_value_for(user, lookup: Lookup, pk, permission: str = MANAGE) -> LookupValue:
    return policy.get_for(
        user, LookupValue, pk, permission, queryset=LookupValue.objects.filter(lookup=lookup)
    )
