"""CSV import of mappings: good files, bad lines (one message each, nothing
written), and dry runs that change nothing."""

from hearth.audit.models import AuditEvent
from hearth.reports.dhis2 import importer, services
from hearth.reports.models import DataElementMapping, OrgUnitMapping

GOOD = """indicator,disaggregation,data_element,category_option_combo,attribute_option_combo
cases.registered,total,deRegister1,HllvX50cXC0,
cases.registered,sex=female,deRegister1,cocFemale01,
cases.open,sex=male;age_band=10-14,deOpenCase1,cocM10to141,attrOptCmb1
"""


def test_good_data_element_file(national):
    dry = importer.import_data_elements(actor=national, text=GOOD, dry_run=True)
    assert dry.ok and (dry.created, dry.updated) == (3, 0)
    assert not DataElementMapping.objects.exists()  # a dry run writes nothing
    assert not AuditEvent.objects.filter(action__startswith="dhis2.").exists()

    done = importer.import_data_elements(actor=national, text=GOOD, dry_run=False)
    assert done.ok and done.created == 3
    boys = DataElementMapping.objects.get(data_element="deOpenCase1")
    assert boys.pairs == [("age_band", "10–14"), ("sex", "male")]
    assert boys.attribute_option_combo == "attrOptCmb1"
    assert AuditEvent.objects.filter(action="dhis2.mapping_import").count() == 1

    changed = GOOD.replace("cocFemale01", "cocFemale02")
    again = importer.import_data_elements(actor=national, text=changed, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert DataElementMapping.objects.filter(category_option_combo="cocFemale02").exists()


def test_bad_lines_each_get_a_message_and_nothing_is_written(national):
    text = """indicator,disaggregation,data_element,category_option_combo
cases.registered,total,deRegister1,HllvX50cXC0

cases.nowhere,total,deRegister1,cocFemale01
cases.registered,sex=female,bad-uid,cocFemale01
cases.registered,total,deOther0001,cocOther001
cases.registered,sex=male,deRegister1,cocMale0001,extra
"""
    result = importer.import_data_elements(actor=national, text=text, dry_run=False)
    assert result.errors == [
        "Line 4: There is no indicator cases.nowhere.",
        "Line 5: data_element: A DHIS2 identifier has 11 characters: a letter, then letters "
        "or digits.",
        "Line 6: this indicator and disaggregation already appears on line 2.",
        "Line 7: it has more values than the header has columns.",
    ]
    assert result.created == 0
    assert not DataElementMapping.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="dhis2.").exists()


def test_missing_columns(national):
    result = importer.import_data_elements(actor=national, text="indicator,value\nx,1\n")
    assert result.errors and "data_element" in result.errors[0]


def test_org_unit_file(national, places):
    text = "area_code,org_unit\nN,ouNorth0001\nS1,ouHill00001\n"
    dry = importer.import_org_units(actor=national, text=text, dry_run=True)
    assert dry.ok and dry.created == 2 and not OrgUnitMapping.objects.exists()
    done = importer.import_org_units(actor=national, text=text, dry_run=False)
    assert done.created == 2
    assert OrgUnitMapping.objects.get(location=places["south_district"]).org_unit == "ouHill00001"
    moved = importer.import_org_units(
        actor=national, text="area_code,org_unit\nN,ouNorth0002\n", dry_run=False
    )
    assert moved.updated == 1


def test_org_unit_file_with_bad_lines(national, places):
    services.org_unit_mapping_create(
        actor=national, location=places["south"], org_unit="ouSouth0001"
    )
    text = "area_code,org_unit\nN,ouNorth0001\nXX,ouSomewhere\nN1,ouSouth0001\nN1A,short\n"
    text += "N,ouNorth0009\n"
    result = importer.import_org_units(actor=national, text=text, dry_run=False)
    assert result.errors == [
        "Line 3: there is no area with code XX.",
        "Line 4: org_unit: Another area is already mapped to this organisation unit.",
        "Line 5: org_unit: A DHIS2 identifier has 11 characters: a letter, then letters or digits.",
        "Line 6: area N already appears on line 2.",
    ]
    assert OrgUnitMapping.objects.count() == 1  # only the one made before
