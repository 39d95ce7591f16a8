"""The service directory: who provides which services where (D2, D3), and the
service types it is organised by. Both are configuration, kept by people with
`config.manage`; every case worker reads them when planning and referring.
Entries are deactivated, never deleted: past services and referrals point to them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record, record_change
from hearth.cases.models import ServiceProvider, ServiceType
from hearth.core import writes
from hearth.core.errors import Refused

PROVIDER_FIELDS = frozenset(
    {"name", "agency", "contact_person", "phone", "email", "address", "service_types", "areas"}
)
TYPE_FIELDS = ("code", "name", "category", "sort_order", "is_active")


def _type_state(service_type: ServiceType) -> dict:
    return {name: getattr(service_type, name) for name in TYPE_FIELDS}


@transaction.atomic
def service_type_create(
    *, actor, name: str, code: str = "", category: str = "", sort_order: int = 0
) -> ServiceType:
    """Add a kind of service. The code is what the API and imports use; it is
    made from the name when not given and never changes afterwards."""
    policy.require(actor, "config.manage")
    name = (name or "").strip()
    code = (code or "").strip() or slugify(name).replace("-", "_")[:50]
    if ServiceType.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A service type with this code already exists.")})
    service_type = ServiceType(
        code=code, name=name, category=(category or "").strip(), sort_order=sort_order or 0
    )
    service_type.full_clean()
    service_type.save()
    record(
        actor=actor,
        action="config.service_type_create",
        target=service_type,
        changes={k: [None, v] for k, v in _type_state(service_type).items()},
    )
    return service_type


@transaction.atomic
def service_type_update(*, actor, service_type: ServiceType, **fields) -> ServiceType:
    """Rename, recategorise, reorder, deactivate or reactivate a service type.
    A deactivated type stays on past services but is no longer offered."""
    policy.require(actor, "config.manage")
    unknown = set(fields) - {"name", "category", "sort_order", "is_active"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = _type_state(service_type)
    for name, value in fields.items():
        setattr(service_type, name, value.strip() if isinstance(value, str) else value)
    service_type.full_clean()
    service_type.save()
    after = _type_state(service_type)
    changed = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changed:
        record(
            actor=actor,
            action="config.service_type_update",
            target=service_type,
            changes=changed,
        )
    return service_type


def _check_provider(provider: ServiceProvider, service_types) -> None:
    errors = {}
    if not list(service_types or []):
        errors["service_types"] = _("Choose at least one service the provider offers.")
    if provider.agency is not None and not provider.agency.is_active:
        errors["agency"] = _("This agency is no longer active.")
    if provider.agency is not None:
        twin = ServiceProvider.objects.filter(agency=provider.agency, is_voided=False)
        if twin.exclude(pk=provider.pk).exists():
            errors["agency"] = _("This agency already has an entry in the directory; edit it.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def provider_create(*, actor, service_types, areas=(), **fields) -> ServiceProvider:
    """Add a directory entry: an agency that uses Hearth (referrals then reach its
    people) or an external provider that the referring worker answers for. An
    entry with no areas serves everywhere."""
    policy.require(actor, "config.manage")
    unknown = set(fields) - PROVIDER_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    provider = ServiceProvider(**fields)
    if provider.agency is not None and not (provider.name or "").strip():
        provider.name = provider.agency.name
    _check_provider(provider, service_types)
    writes.create(provider, actor=actor)
    provider.service_types.set(service_types)
    provider.areas.set(areas or [])
    record_change(
        actor=actor,
        action="directory.create",
        target=provider,
        before=None,
        detail=_m2m_detail(provider),
    )
    return provider


def _m2m_detail(provider: ServiceProvider) -> dict:
    return {
        "service_types": sorted(provider.service_types.values_list("code", flat=True)),
        "areas": sorted(provider.areas.values_list("code", flat=True)),
    }


@transaction.atomic
def provider_update(
    *,
    actor,
    provider: ServiceProvider,
    expected_version: int | None = None,
    service_types=None,
    areas=None,
    **fields,
) -> ServiceProvider:
    policy.require(actor, "config.manage")
    unknown = set(fields) - PROVIDER_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = writes.snapshot(provider)
    before_m2m = _m2m_detail(provider)
    for name, value in fields.items():
        setattr(provider, name, value)
    if provider.agency is not None and not (provider.name or "").strip():
        provider.name = provider.agency.name
    _check_provider(
        provider, service_types if service_types is not None else provider.service_types.all()
    )
    writes.update(provider, actor=actor, expected_version=expected_version)
    if service_types is not None:
        provider.service_types.set(service_types)
    if areas is not None:
        provider.areas.set(areas)
    after_m2m = _m2m_detail(provider)
    detail = {k: [before_m2m[k], v] for k, v in after_m2m.items() if before_m2m[k] != v}
    record_change(
        actor=actor, action="directory.update", target=provider, before=before, detail=detail
    )
    return provider


@transaction.atomic
def provider_set_active(
    *,
    actor,
    provider: ServiceProvider,
    active: bool,
    reason: str = "",
    expected_version: int | None = None,
) -> ServiceProvider:
    """Deactivate an entry (no longer offered for new services or referrals; open
    referrals to it carry on) or bring it back. Deactivating needs a reason."""
    policy.require(actor, "config.manage")
    if provider.is_active == active:
        raise Refused(
            _("This entry is already active.") if active else _("This entry is already inactive.")
        )
    reason = (reason or "").strip()
    if not active and not reason:
        raise ValidationError({"reason": _("Say why the entry is deactivated.")})
    before = writes.snapshot(provider)
    provider.is_active = active
    writes.update(provider, actor=actor, expected_version=expected_version)
    record_change(
        actor=actor,
        action="directory.activate" if active else "directory.deactivate",
        target=provider,
        before=before,
        detail={"reason": reason} if reason else None,
    )
    return provider
