"""Writes of the DHIS2 configuration: data element and organisation unit mappings
and the server. Each needs dhis2.manage, runs in one transaction and is audited.
(Building and sending a data value set: payload.py and push.py.)"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record, record_change
from hearth.core import writes
from hearth.reports.dhis2 import credentials, mapping
from hearth.reports.models import DataElementMapping, Dhis2Server, OrgUnitMapping

PERMISSION = "dhis2.manage"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _set_pairs(row: DataElementMapping, pairs: list[tuple[str, str]]) -> None:
    padded = [*pairs, ("", ""), ("", "")]
    (row.dimension_1, row.value_1), (row.dimension_2, row.value_2) = padded[0], padded[1]


def _check_unique(row: DataElementMapping) -> None:
    """One active mapping per indicator × disaggregation, and per DHIS2 cell: two
    figures sent to the same data element and combos would overwrite each other."""
    others = DataElementMapping.objects.filter(is_voided=False, active=True).exclude(pk=row.pk)
    if not row.active:
        return
    if others.filter(
        indicator_code=row.indicator_code,
        dimension_1=row.dimension_1,
        value_1=row.value_1,
        dimension_2=row.dimension_2,
        value_2=row.value_2,
    ).exists():
        raise ValidationError(
            {
                "disaggregation": _("%(i)s [%(d)s] is already mapped.")
                % {"i": row.indicator_code, "d": row.disaggregation}
            }
        )
    if others.filter(
        data_element=row.data_element,
        category_option_combo=row.category_option_combo,
        attribute_option_combo=row.attribute_option_combo,
    ).exists():
        raise ValidationError(
            {
                "category_option_combo": _(
                    "Another mapping already sends to this data element and option combos."
                )
            }
        )


def _fill(row, *, indicator_code, disaggregation, data_element, category_option_combo,
          attribute_option_combo, active) -> None:  # fmt: skip
    indicator = mapping.indicator_or_error((indicator_code or "").strip())
    row.indicator_code = indicator.code
    _set_pairs(row, mapping.check(indicator, mapping.parse(disaggregation)))
    row.data_element = (data_element or "").strip()
    row.category_option_combo = (category_option_combo or "").strip()
    row.attribute_option_combo = (attribute_option_combo or "").strip()
    row.active = bool(active)
    _check_unique(row)


@transaction.atomic
def data_element_mapping_create(
    *,
    actor,
    indicator_code: str,
    disaggregation: str = "total",
    data_element: str,
    category_option_combo: str,
    attribute_option_combo: str = "",
    active: bool = True,
) -> DataElementMapping:
    """Map an indicator (its total, or one disaggregation of it) to a DHIS2 data
    element and category option combo."""
    policy.require(actor, PERMISSION)
    row = DataElementMapping()
    _fill(row, indicator_code=indicator_code, disaggregation=disaggregation,
          data_element=data_element, category_option_combo=category_option_combo,
          attribute_option_combo=attribute_option_combo, active=active)  # fmt: skip
    writes.create(row, actor=actor)
    record_change(actor=actor, action="dhis2.mapping_create", target=row, before=None)
    return row


@transaction.atomic
def data_element_mapping_update(
    *,
    actor,
    mapping_row: DataElementMapping,
    indicator_code: str,
    disaggregation: str,
    data_element: str,
    category_option_combo: str,
    attribute_option_combo: str = "",
    active: bool = True,
    expected_version: int | None = None,
) -> DataElementMapping:
    policy.require(actor, PERMISSION)
    before = writes.snapshot(mapping_row)
    _fill(mapping_row, indicator_code=indicator_code, disaggregation=disaggregation,
          data_element=data_element, category_option_combo=category_option_combo,
          attribute_option_combo=attribute_option_combo, active=active)  # fmt: skip
    writes.update(mapping_row, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="dhis2.mapping_update", target=mapping_row, before=before)
    return mapping_row


@transaction.atomic
def data_element_mapping_void(*, actor, mapping_row: DataElementMapping, reason: str):
    policy.require(actor, PERMISSION)
    writes.void(mapping_row, actor=actor, reason=reason)
    record(actor=actor, action="dhis2.mapping_void", target=mapping_row,
           detail={"reason": mapping_row.void_reason})  # fmt: skip
    return mapping_row


def _check_org_unit(row: OrgUnitMapping) -> None:
    taken = OrgUnitMapping.objects.filter(is_voided=False).exclude(pk=row.pk)
    if taken.filter(location_id=row.location_id).exists():
        raise ValidationError({"location": _("This area is already mapped.")})
    if taken.filter(org_unit=row.org_unit).exists():
        raise ValidationError(
            {"org_unit": _("Another area is already mapped to this organisation unit.")}
        )


@transaction.atomic
def org_unit_mapping_create(*, actor, location, org_unit: str) -> OrgUnitMapping:
    """Map an area to a DHIS2 organisation unit. Its figures are those of the area
    and everything under it."""
    policy.require(actor, PERMISSION)
    row = OrgUnitMapping(location=location, org_unit=(org_unit or "").strip())
    _check_org_unit(row)
    writes.create(row, actor=actor)
    record_change(actor=actor, action="dhis2.org_unit_create", target=row, before=None)
    return row


@transaction.atomic
def org_unit_mapping_update(
    *, actor, mapping_row: OrgUnitMapping, org_unit: str, expected_version: int | None = None
) -> OrgUnitMapping:
    policy.require(actor, PERMISSION)
    before = writes.snapshot(mapping_row)
    mapping_row.org_unit = (org_unit or "").strip()
    _check_org_unit(mapping_row)
    writes.update(mapping_row, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="dhis2.org_unit_update", target=mapping_row, before=before)
    return mapping_row


@transaction.atomic
def org_unit_mapping_void(*, actor, mapping_row: OrgUnitMapping, reason: str):
    policy.require(actor, PERMISSION)
    writes.void(mapping_row, actor=actor, reason=reason)
    record(actor=actor, action="dhis2.org_unit_void", target=mapping_row,
           detail={"reason": mapping_row.void_reason})  # fmt: skip
    return mapping_row


def current_server() -> Dhis2Server | None:
    return Dhis2Server.objects.filter(is_voided=False).order_by("created_at").first()


def _check_url(url: str) -> str:
    url = (url or "").strip().rstrip("/")
    if url.endswith("/api"):
        url = url[: -len("/api")]
    parts = urlsplit(url)
    # The password travels with every request: only over TLS, except to this machine.
    if parts.scheme != "https" and parts.hostname not in LOOPBACK:
        raise ValidationError({"base_url": _("Use an https:// address.")})
    return url


@transaction.atomic
def server_configure(
    *,
    actor,
    base_url: str,
    auth: str = Dhis2Server.Auth.BASIC,
    username: str = "",
    secret: str = "",
    data_set: str = "",
    mark_complete: bool = False,
) -> Dhis2Server:
    """Set the DHIS2 server. An empty `secret` keeps the one stored; the secret is
    stored sealed and never written to the audit trail."""
    policy.require(actor, PERMISSION)
    server = current_server() or Dhis2Server()
    before = None if server._state.adding else writes.snapshot(server)
    server.base_url = _check_url(base_url)
    if auth not in Dhis2Server.Auth.values:
        raise ValidationError({"auth": _("Choose how Hearth signs in to DHIS2.")})
    server.auth = auth
    server.username = (username or "").strip()
    if secret:
        server.secret_sealed = credentials.seal(secret)
    if auth == Dhis2Server.Auth.BASIC and not server.username:
        raise ValidationError({"username": _("Give the DHIS2 user name.")})
    if not server.secret_sealed:
        raise ValidationError({"secret": _("Give the password or token.")})
    server.data_set = (data_set or "").strip()
    server.mark_complete = bool(mark_complete)
    if server.mark_complete and not server.data_set:
        raise ValidationError({"data_set": _("Give the data set to mark complete.")})
    if before is None:
        writes.create(server, actor=actor)
    else:
        writes.update(server, actor=actor)
    record(
        actor=actor,
        action="dhis2.server_configure",
        target=server,
        detail={
            "base_url": server.base_url,
            "auth": server.auth,
            "username": server.username,
            "secret_changed": bool(secret),
            "data_set": server.data_set,
            "mark_complete": server.mark_complete,
        },
    )
    return server
