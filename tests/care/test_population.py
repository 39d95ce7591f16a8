"""The child population table: a CSV import with a dry run, one message per bad
line, and nothing half-imported."""

import pytest

from hearth.audit.models import AuditEvent
from hearth.care.models import PopulationEstimate
from hearth.care.population import import_population
from hearth.core.errors import Forbidden

HEADER = "area_code,year,sex,age_from,age_to,count\n"


def test_a_dry_run_checks_and_writes_nothing(administrator, places):
    result = import_population(
        actor=administrator, text=HEADER + "N1A,2026,female,0,4,1200\nN1A,2026,male,0,4,1100\n"
    )
    assert result.ok and result.dry_run and result.created == 2
    assert not PopulationEstimate.objects.exists()


def test_an_import_adds_and_replaces_figures(administrator, places):
    import_population(
        actor=administrator, text=HEADER + "N1A,2026,female,0,4,1200\n", dry_run=False
    )
    result = import_population(
        actor=administrator,
        text=HEADER + "N1A,2026,female,0,4,1250\nN1A,2026,male,0,4,1100\n",
        dry_run=False,
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert PopulationEstimate.objects.get(sex="female").count == 1250
    assert AuditEvent.objects.filter(action="care.population_import").count() == 2


def test_every_bad_line_is_named_and_nothing_is_imported(administrator, places):
    text = HEADER + (
        "N1A,2026,female,0,4,1200\n"
        "XX9,2026,female,0,4,10\n"
        "N1A,20x6,female,0,4,10\n"
        "N1A,2026,girls,0,4,10\n"
        "N1A,2026,male,9,4,10\n"
        "N1A,2026,male,0,4,-3\n"
        "N1A,2026,female,0,4,1300\n"
    )
    result = import_population(actor=administrator, text=text, dry_run=False)
    assert [e.split(":")[0] for e in result.errors] == [
        "Line 3",
        "Line 4",
        "Line 5",
        "Line 6",
        "Line 7",
        "Line 8",
    ]
    assert "XX9" in result.errors[0]
    assert not PopulationEstimate.objects.exists()


def test_a_year_is_given_for_one_level_of_areas(administrator, places):
    text = HEADER + "N1A,2026,female,0,4,1200\nN,2026,female,0,4,90000\n"
    result = import_population(actor=administrator, text=text, dry_run=False)
    assert len(result.errors) == 1 and "Line 3" in result.errors[0]
    assert not PopulationEstimate.objects.exists()


def test_a_missing_column_is_reported(administrator, places):
    result = import_population(actor=administrator, text="area_code,year,count\nN1A,2026,3\n")
    assert result.errors and "sex" in result.errors[0]


def test_only_administrators_import(worker, places):
    with pytest.raises(Forbidden):
        import_population(actor=worker, text=HEADER)
