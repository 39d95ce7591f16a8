"""`hearth import-locations FILE [--dry-run]`."""

import pytest
from django.core.management import CommandError, call_command

from hearth.places.models import Location

GOOD = "code,name,parent_code\nE,East,\nE1,River District,E\n"


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import-locations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_from_a_file(places, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text(GOOD, encoding="utf-8")
    out, _ = run(str(path))
    assert "Added 2, changed 0, unchanged 0." in out
    east = Location.objects.get(code="E1")
    assert east.path == "/E/E1/"
    assert east.created_by.username == "hearth-system"  # commands act as a named actor


def test_dry_run_changes_nothing(places, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text(GOOD, encoding="utf-8")
    out, _ = run(str(path), "--dry-run")
    assert "Would add 2" in out
    assert not Location.objects.filter(code__in=["E", "E1"]).exists()


def test_bad_lines_are_listed_and_nothing_is_imported(places, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text(GOOD + "E2,,E\nE3,Lost,QQ\n", encoding="utf-8")
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="2 bad lines; nothing was imported"):
        call_command("import-locations", str(path), stdout=StringIO(), stderr=err)
    assert "Line 4: the name is missing." in err.getvalue()
    assert "Line 5: parent code QQ" in err.getvalue()
    assert not Location.objects.filter(code="E").exists()


def test_a_missing_file(places, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "nowhere.csv"))


def test_a_file_not_in_utf8(places, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_bytes("code,name,parent_code\nE,Région Est,\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not text in UTF-8"):
        run(str(path))
    assert not Location.objects.filter(code="E").exists()
