"""Writes to the hierarchy: levels must exist, moves carry the areas below along."""

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.core.errors import Conflict, Forbidden
from hearth.places import services
from hearth.places.models import Location, LocationLevel


def test_create_computes_path_and_depth(administrator, places):
    ward = services.location_create(
        actor=administrator, code=" N1B ", name=" Reedbank ", parent=places["north_district"]
    )
    assert (ward.code, ward.name, ward.path, ward.depth) == ("N1B", "Reedbank", "/N/N1/N1B/", 3)
    assert AuditEvent.objects.filter(action="location.create", object_id=str(ward.pk)).exists()
    assert [a.code for a in ward.ancestors()] == ["N", "N1"]
    assert ward.full_name() == "North › Lake District › Reedbank"
    assert ward.is_within(places["north"]) and not ward.is_within(places["south"])
    assert set(Location.objects.within(places["north_district"])) == {
        places["north_district"],
        places["north_village"],
        ward,
    }


def test_create_needs_the_level_to_exist(administrator, places):
    with pytest.raises(ValidationError) as caught:
        services.location_create(
            actor=administrator, code="DEEP", name="Deep", parent=places["north_village"]
        )
    assert "depth 4" in str(caught.value)
    assert not Location.objects.filter(code="DEEP").exists()


def test_create_refuses_bad_codes(administrator, places):
    with pytest.raises(ValidationError) as caught:
        services.location_create(actor=administrator, code="N 2", name="Spaced")
    assert "code" in caught.value.error_dict


def test_only_location_managers_write(worker, places):
    with pytest.raises(Forbidden):
        services.location_create(actor=worker, code="E", name="East")
    with pytest.raises(Forbidden):
        services.location_update(actor=worker, location=places["north"], name="Up north")


def test_rename_keeps_the_path(administrator, places):
    north = services.location_update(actor=administrator, location=places["north"], name="Nord")
    assert (north.name, north.path, north.version) == ("Nord", "/N/", 2)


def test_move_carries_descendants_paths_and_depths(administrator, places):
    services.location_update(
        actor=administrator, location=places["north_district"], parent=places["south"]
    )
    district = Location.objects.get(code="N1")
    village = Location.objects.get(code="N1A")
    assert (district.path, district.depth) == ("/S/N1/", 2)
    assert (village.path, village.depth) == ("/S/N1/N1A/", 3)
    assert Location.objects.get(code="N").path == "/N/"  # the old parent is untouched


def test_recode_rewrites_paths_below(administrator, places):
    services.location_update(actor=administrator, location=places["north"], code="NR")
    assert Location.objects.get(code="N1A").path == "/NR/N1/N1A/"


def test_move_to_the_top_when_the_level_fits(administrator, places):
    LocationLevel.objects.create(depth=4, name="Village")
    services.location_update(actor=administrator, location=places["north_district"], parent=None)
    assert Location.objects.get(code="N1A").path == "/N1/N1A/"
    assert Location.objects.get(code="N1A").depth == 2


@pytest.mark.parametrize("target", ["north", "north_district", "north_village"])
def test_a_location_cannot_move_under_itself(administrator, places, target):
    north = places["north"]
    with pytest.raises(ValidationError) as caught:
        services.location_update(actor=administrator, location=north, parent=places[target])
    assert caught.value.message_dict == {"parent": ["A location cannot be moved under itself."]}
    assert Location.objects.get(code="N").parent is None
    assert Location.objects.get(code="N1A").path == "/N/N1/N1A/"


def test_a_move_may_not_push_areas_below_the_deepest_level(administrator, places):
    with pytest.raises(ValidationError) as caught:
        services.location_update(
            actor=administrator, location=places["north_district"], parent=places["south_district"]
        )
    assert "level 4" in str(caught.value)
    assert Location.objects.get(code="N1A").path == "/N/N1/N1A/"


def test_a_stale_version_is_a_conflict(administrator, places):
    with pytest.raises(Conflict):
        services.location_update(
            actor=administrator, location=places["north"], name="Nord", expected_version=5
        )
    assert Location.objects.get(code="N").name == "North"


def test_levels_are_added_top_down_and_renamed(administrator, places):
    level = services.level_save(actor=administrator, depth=3, name="Ward")
    assert LocationLevel.objects.get(depth=3).name == "Ward" == level.name
    with pytest.raises(ValidationError) as caught:
        services.level_save(actor=administrator, depth=5, name="Hamlet")
    assert caught.value.message_dict == {"depth": ["Add level 4 first."]}
    with pytest.raises(ValidationError):
        services.level_save(actor=administrator, depth=4, name="  ")
    services.level_save(actor=administrator, depth=4, name="Village")
    assert list(LocationLevel.objects.values_list("name", flat=True)) == [
        "Region",
        "District",
        "Ward",
        "Village",
    ]
