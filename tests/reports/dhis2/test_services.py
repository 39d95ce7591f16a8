"""Mappings and server settings: checked, audited, only for dhis2.manage."""

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.core.errors import Forbidden
from hearth.reports.dhis2 import credentials, services
from hearth.reports.models import DataElementMapping, Dhis2Server
from hearth.reports.models.dhis2 import uid_validator


@pytest.mark.parametrize("uid", ["HllvX50cXC0", "a0000000000", "Zzzzzzzzzzz", "fbfJHSPpUQD"])
def test_good_uids(uid):
    uid_validator(uid)


@pytest.mark.parametrize(
    "uid", ["", "1llvX50cXC0", "HllvX50cXC", "HllvX50cXC00", "Hllv-50cXC0", "Hllv 50cXC0",
            "HllvX50cXCé", "_llvX50cXC0"],
)  # fmt: skip
def test_bad_uids(uid):
    with pytest.raises(ValidationError, match="11 characters"):
        uid_validator(uid)


def create(actor, **overrides):
    values = {
        "indicator_code": "cases.registered",
        "disaggregation": "total",
        "data_element": "deRegister1",
        "category_option_combo": "HllvX50cXC0",
    }
    values.update(overrides)
    return services.data_element_mapping_create(actor=actor, **values)


def test_mapping_create_update_void_is_audited(national):
    row = create(national)
    services.data_element_mapping_update(
        actor=national, mapping_row=row, indicator_code="cases.registered",
        disaggregation="sex=male", data_element="deRegister1", category_option_combo="cocMale0001",
    )  # fmt: skip
    assert row.pairs == [("sex", "male")] and row.version == 2
    services.data_element_mapping_void(actor=national, mapping_row=row, reason="Not used")
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-3:] == ["dhis2.mapping_create", "dhis2.mapping_update", "dhis2.mapping_void"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"indicator_code": "cases.nowhere"}, "no indicator"),
        ({"data_element": "short"}, "11 characters"),
        ({"category_option_combo": "9badStartXX"}, "11 characters"),
        ({"attribute_option_combo": "bad"}, "11 characters"),
        ({"disaggregation": "sex"}, "dimension=value"),
        ({"disaggregation": "sex=female;risk=high;status=open"}, "at most two"),
        ({"disaggregation": "sex=female;sex=male"}, "twice"),
        ({"disaggregation": "sex=unicorn"}, "Unknown value"),
        ({"disaggregation": "age_band=3-7"}, "Unknown age group"),
        ({"disaggregation": "area_1=N"}, "cannot be broken down"),
        ({"disaggregation": "month=202601"}, "cannot be broken down"),
    ],
)
def test_bad_mappings_are_refused_with_a_reason(national, overrides, message):
    with pytest.raises(ValidationError, match=message):
        create(national, **overrides)
    assert not DataElementMapping.objects.exists()


def test_one_mapping_per_disaggregation_and_per_dhis2_cell(national):
    create(national)
    with pytest.raises(ValidationError, match="already mapped"):
        create(national, data_element="deOther0001")
    with pytest.raises(ValidationError, match="already sends"):
        create(national, disaggregation="sex=female")


def test_org_unit_one_per_area_and_per_unit(national, places):
    services.org_unit_mapping_create(
        actor=national, location=places["north"], org_unit="ouNorth0001"
    )
    with pytest.raises(ValidationError, match="already mapped"):
        services.org_unit_mapping_create(
            actor=national, location=places["north"], org_unit="ouOther0001"
        )
    with pytest.raises(ValidationError, match="Another area"):
        services.org_unit_mapping_create(
            actor=national, location=places["south"], org_unit="ouNorth0001"
        )
    with pytest.raises(ValidationError, match="11 characters"):
        services.org_unit_mapping_create(actor=national, location=places["south"], org_unit="x")


def test_only_dhis2_managers_change_mappings(worker, places):
    with pytest.raises(Forbidden):
        create(worker)
    with pytest.raises(Forbidden):
        services.org_unit_mapping_create(
            actor=worker, location=places["north"], org_unit="ouNorth0001"
        )
    with pytest.raises(Forbidden):
        services.server_configure(actor=worker, base_url="https://x.org", username="a", secret="b")


def test_server_secret_is_sealed_kept_when_blank_and_never_audited(national):
    server = services.server_configure(
        actor=national, base_url="https://dhis2.example.gov/api/", username="hearth",
        secret="correct horse battery",
    )  # fmt: skip
    assert server.base_url == "https://dhis2.example.gov"
    assert "correct horse" not in server.secret_sealed
    assert credentials.unseal(server.secret_sealed) == "correct horse battery"
    again = services.server_configure(
        actor=national, base_url="https://dhis2.example.gov", username="hearth2", secret=""
    )
    assert Dhis2Server.objects.count() == 1
    assert credentials.unseal(again.secret_sealed) == "correct horse battery"
    for event in AuditEvent.objects.filter(action="dhis2.server_configure"):
        assert "correct horse" not in str(event.detail) + str(event.changes)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"base_url": "http://dhis2.example.gov"}, "https"),
        ({"username": ""}, "user name"),
        ({"secret": ""}, "password or token"),
        ({"data_set": "", "mark_complete": True}, "data set"),
        ({"data_set": "nope"}, "11 characters"),
    ],
)
def test_server_settings_are_checked(national, values, message):
    given = {"base_url": "https://dhis2.example.gov", "username": "hearth", "secret": "pw"}
    given.update(values)
    with pytest.raises(ValidationError, match=message):
        services.server_configure(actor=national, **given)
    assert not Dhis2Server.objects.exists()
