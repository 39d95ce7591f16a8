"""Importing the location hierarchy from CSV (I6): a dry run changes nothing, a file
with any bad line changes nothing, and each bad line gets one message saying why."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.audit.models import AuditEvent
from hearth.core.errors import Forbidden
from hearth.places.importer import import_locations
from hearth.places.models import Location, LocationLevel

GOOD = """code,name,parent_code
E,East,
E1,River District,E
E1A,Riverside,E1
E1B,Ferry Point,E1
"""


def run(actor, text, dry_run=False):
    return import_locations(actor=actor, text=text, dry_run=dry_run)


def codes():
    return set(Location.objects.values_list("code", flat=True))


def test_import_creates_the_hierarchy(administrator, places):
    result = run(administrator, GOOD)
    assert result.ok and (result.created, result.updated, result.unchanged) == (4, 0, 0)
    riverside = Location.objects.get(code="E1A")
    assert riverside.path == "/E/E1/E1A/" and riverside.depth == 3
    assert riverside.parent.code == "E1"
    assert riverside.created_by == administrator
    assert AuditEvent.objects.filter(action="location.import").count() == 1


def test_children_may_come_before_their_parents(administrator, places):
    text = "code,name,parent_code\nE1A,Riverside,E1\nE1,River District,E\nE,East,\n"
    assert run(administrator, text).ok
    assert Location.objects.get(code="E1A").path == "/E/E1/E1A/"


def test_a_parent_may_already_be_in_hearth(administrator, places):
    result = run(administrator, "code,name,parent_code\nN2,Forest District,N\n")
    assert result.ok
    assert Location.objects.get(code="N2").path == "/N/N2/"


def test_a_dry_run_reports_and_writes_nothing(administrator, places):
    before = codes()
    events = AuditEvent.objects.count()
    result = run(administrator, GOOD, dry_run=True)
    assert result.ok and result.dry_run
    assert result.created == 4
    assert codes() == before
    assert AuditEvent.objects.count() == events


def test_bom_blank_lines_and_column_case_are_tolerated(administrator, places):
    text = "\ufeffCode , NAME,Parent_Code\n\nE,East,\n,,\n"
    assert run(administrator, text).ok
    assert "E" in codes()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (",Nameless,N", "Line 2: the code is missing."),
        ("N9,,N", "Line 2: the name is missing."),
        ("N 9,Spaced,N", "Line 2: code N 9: Use only letters, digits"),
        ("N9/x,Slashed,N", "Line 2: code N9/x"),
        ("N9,Orphan,ZZ", "Line 2: parent code ZZ is neither in the file nor in Hearth."),
        ("N1A1,Too deep,N1A", "Line 2: N1A1 would be at level 4, which is not defined."),
    ],
)
def test_one_clear_message_for_a_bad_line(administrator, places, line, expected):
    before = codes()
    result = run(administrator, f"code,name,parent_code\n{line}\nE,East,\n")
    assert len(result.errors) == 1
    assert result.errors[0].startswith(expected)
    assert codes() == before  # the good line was not imported either


def test_a_repeated_code_names_the_first_line(administrator, places):
    result = run(administrator, "code,name,parent_code\nE,East,\nE,Eastern,\n")
    assert result.errors == ["Line 3: code E already appears on line 2."]
    assert "E" not in codes()


def test_a_loop_of_parents_is_refused(administrator, places):
    text = "code,name,parent_code\nA,Alpha,B\nB,Beta,A\nE,East,\n"
    result = run(administrator, text)
    assert result.errors == [
        "Line 2: A is its own ancestor (a loop of parents).",
        "Line 3: B is its own ancestor (a loop of parents).",
    ]
    assert not {"A", "B", "E"} & codes()


def test_below_a_loop_only_the_loop_is_blamed(administrator, places):
    text = "code,name,parent_code\nA,Alpha,B\nB,Beta,A\nC,Gamma,A\n"
    result = run(administrator, text)
    assert [e.split(":")[0] for e in result.errors] == ["Line 2", "Line 3"]


def test_the_level_column_must_match_where_the_line_lands(administrator, places):
    text = (
        "code,name,parent_code,level\n"
        "E,East,,Region\n"
        "E1,River District,E,2\n"
        "E1A,Riverside,E1,District\n"
    )
    result = run(administrator, text)
    assert result.errors == ["Line 4: says level District but its parent puts it at Sub-county."]
    assert "E" not in codes()


def test_level_names_are_matched_whatever_their_case(administrator, places):
    text = "code,name,parent_code,level\nE,East,,region\nE1,River District,E,DISTRICT\n"
    assert run(administrator, text).ok


def test_a_line_with_more_values_than_columns(administrator, places):
    result = run(administrator, "code,name,parent_code\nE,East,,Region\nE2,Plains,E\n")
    assert result.errors == ["Line 2: it has more values than the header has columns."]


def test_line_numbers_count_blank_lines(administrator, places):
    result = run(administrator, "code,name,parent_code\n\nE,East,\n\n,Nameless,E\n")
    assert result.errors == ["Line 5: the code is missing."]


def test_a_child_of_a_bad_line_is_not_blamed_for_it(administrator, places):
    result = run(administrator, "code,name,parent_code\nE,,\nE1,River District,E\n")
    assert result.errors == ["Line 2: the name is missing."]


def test_moving_an_area_under_its_own_descendant_is_a_loop(administrator, places):
    result = run(administrator, "code,name,parent_code\nN,North,N1A\n")
    assert result.errors == ["Line 2: N is its own ancestor (a loop of parents)."]
    assert Location.objects.get(code="N").parent is None


def test_a_move_that_pushes_areas_below_an_undefined_level_is_refused(administrator, places):
    # Lake District under Hill District: its villages would sit at level 4.
    result = run(administrator, "code,name,parent_code\nN1,Lake District,S1\n")
    assert result.errors == ["Line 2: moving N1 would put N1A at level 4, which is not defined."]
    assert Location.objects.get(code="N1A").path == "/N/N1/N1A/"


def test_the_same_move_is_fine_when_the_villages_move_up_too(administrator, places):
    text = "code,name,parent_code\nN1,Lake District,S1\nN1A,Lakeshore,S1\n"
    result = run(administrator, text)
    assert result.ok, result.errors
    assert Location.objects.get(code="N1A").path == "/S/S1/N1A/"
    assert Location.objects.get(code="N1").path == "/S/S1/N1/"


def test_missing_columns_are_named(administrator, places):
    result = run(administrator, "code,title\nE,East\n")
    assert result.errors == [
        "The file has no column name, parent_code. Expected columns: code, name, parent_code."
    ]


def test_every_bad_line_is_reported_in_line_order(administrator, places):
    text = "code,name,parent_code\nE,East,\n,No code,E\nE2,,E\nE3,Lost,QQ\nE4,Fine,E\n"
    result = run(administrator, text)
    assert [e.split(":")[0] for e in result.errors] == ["Line 3", "Line 4", "Line 5"]
    assert not {"E", "E4"} & codes()


def test_existing_codes_are_renamed_and_moved(administrator, places):
    text = "code,name,parent_code\nN1,Great Lake District,N\nS1A,Hilltop,N1\nN1A,Lakeshore,N1\n"
    result = run(administrator, text)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    assert Location.objects.get(code="N1").name == "Great Lake District"
    assert Location.objects.get(code="S1A").path == "/N/N1/S1A/"


def test_moving_a_district_takes_its_villages_along(administrator, places):
    result = run(administrator, "code,name,parent_code\nN1,Lake District,S\n")
    assert result.ok and result.updated == 1
    assert Location.objects.get(code="N1").path == "/S/N1/"
    village = Location.objects.get(code="N1A")
    assert (village.path, village.depth) == ("/S/N1/N1A/", 3)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(administrator, places):
    run(administrator, GOOD)
    again = run(administrator, GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_only_location_managers_import(worker, places):
    with pytest.raises(Forbidden):
        run(worker, GOOD)
    assert "E" not in codes()


codes_ = st.sampled_from(["N", "S", "N1", "N1A", "S1", "E", "E1", "E1A", "E1A1", "", "e 1"])
line = st.one_of(
    st.tuples(codes_, st.sampled_from(["East", "Río", "Жёлтый", ""]), codes_).map(",".join),
    st.tuples(codes_, st.sampled_from(["East", "x"]), codes_, st.sampled_from(
        ["", "1", "2", "3", "Region", "district", "Village"]
    )).map(",".join),  # a level, or one value too many for the header
    st.text(alphabet='NSE1,"\n ', max_size=12),  # anything at all
)  # fmt: skip


def hierarchy_is_consistent():
    levels = set(LocationLevel.objects.values_list("depth", flat=True))
    by_pk = {loc.pk: loc for loc in Location.objects.all()}
    for loc in by_pk.values():
        parent = by_pk.get(loc.parent_id)
        assert loc.path == f"{parent.path if parent else '/'}{loc.code}/"
        assert loc.depth == (parent.depth + 1 if parent else 1)
        assert loc.depth in levels


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(line, max_size=6), header=st.sampled_from(
    ["code,name,parent_code", "code,name,parent_code,level"]
))  # fmt: skip
def test_any_file_either_imports_cleanly_or_explains_and_changes_nothing(
    administrator, places, lines, header
):
    text = "\n".join([header, *lines]) + "\n"
    before = set(Location.objects.values_list("code", "path", "name"))
    checked = run(administrator, text, dry_run=True)
    assert set(Location.objects.values_list("code", "path", "name")) == before
    for error in checked.errors:
        assert error.startswith("Line ") and error.endswith(".")
    with transaction.atomic():
        result = run(administrator, text)
        assert result.errors == checked.errors
        if result.errors:
            assert set(Location.objects.values_list("code", "path", "name")) == before
        else:
            assert (result.created, result.updated) == (checked.created, checked.updated)
            hierarchy_is_consistent()
        transaction.set_rollback(True)  # the next example starts from the fixture again
