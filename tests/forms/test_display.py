"""answers.display: read-only answers in the reader's language, masked above their
clearance (B5)."""

import pytest

from hearth.access.sensitivity import MASK
from hearth.accounts.models import Role
from hearth.forms import answers
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

STORED = {
    "needs": {"immediate": "Food\nShelter", "longer_term": "School"},
    "household": {
        "size": 4,
        "visited_on": "2024-03-01",
        "safe": False,
        "risk": "high",
        "support": ["food", "school"],
        "members": [
            {"name": "Grace", "age": 34, "notes": "Was hurt last year"},
            {"name": "Tom", "age": 7},
        ],
    },
}


def shown(version, user, language="en"):
    """path -> the cell shown, for every question and group cell."""
    out = {}
    for section in answers.display(version, STORED, user, language):
        for field in section["fields"]:
            out[field["path"]] = field
            for row in field.get("rows", []):
                for cell in row:
                    out[cell["path"]] = cell
    return out


@pytest.fixture
def restricted_reader(agencies):
    role = Role.objects.create(
        code="restricted_reader", name="Restricted reader", scope="all", clearance=3
    )
    return make_user("reader", role.code, agency=agencies["gov"])


def test_values_in_the_readers_language(version, restricted_reader):
    cells = shown(version, restricted_reader, "fr")
    assert cells["household.risk"]["value_display"] == "Élevé"
    assert cells["household.risk"]["label"] == "Risk"  # no French given: as written
    assert cells["needs.longer_term"]["label"] == "Besoins à long terme"
    assert cells["household.safe"]["value_display"] == "Non"
    english = shown(version, restricted_reader, "en")
    assert english["household.safe"]["value_display"] == "No"
    assert english["household.support"]["value_display"] == "Food, School fees"
    assert english["household.size"]["value_display"] == "4"
    assert english["household.visited_on"]["value_display"] == "March 1, 2024"
    assert english["household.income"] == {
        "key": "income",
        "path": "household.income",
        "label": "Monthly income",
        "type": "number",
        "value_display": "",
        "masked": False,
        "answered": False,
    }


def test_sections_and_groups_keep_their_order_and_rows(version, restricted_reader):
    sections = answers.display(version, STORED, restricted_reader, "en")
    assert [s["title"] for s in sections] == ["Needs", "Household"]
    members = sections[1]["fields"][-1]
    assert members["columns"] == ["Name", "Age", "Notes"]
    assert [[c["value_display"] for c in row] for row in members["rows"]] == [
        ["Grace", "34", "Was hurt last year"],
        ["Tom", "7", ""],
    ]


def test_fields_above_clearance_are_masked(version, worker, manager, administrator):
    caseworker = shown(version, worker)  # clearance 2
    assert caseworker["needs.immediate"]["value_display"] == "Food\nShelter"
    assert caseworker["household.members.0.name"]["value_display"] == "Grace"
    assert caseworker["household.members.0.notes"]["masked"]
    assert caseworker["household.members.0.notes"]["value_display"] == MASK
    # An unanswered masked question shows no mask: there is nothing hidden.
    assert caseworker["household.members.1.notes"]["value_display"] == ""

    manager_sees = shown(version, manager)  # clearance 1
    assert manager_sees["needs.immediate"]["masked"]
    assert manager_sees["needs.immediate"]["value_display"] == MASK
    assert manager_sees["household.members.0.name"]["value_display"] == "Grace"

    admin_sees = shown(version, administrator)  # clearance 0
    assert admin_sees["household.members.0.name"]["value_display"] == MASK
    assert admin_sees["household.size"]["value_display"] == "4"


def test_a_masked_group_hides_even_its_rows(version, worker):
    version.schema["sections"][1]["fields"][-1]["sensitivity"] = 3
    members = shown(version, worker)["household.members"]
    assert members["masked"] and members["answered"]
    assert members["value_display"] == MASK
    assert members["rows"] == []


def test_nothing_in_the_masked_output_leaks(version, administrator):
    text = repr(answers.display(version, STORED, administrator, "en"))
    for secret in ("Grace", "Shelter", "hurt"):
        assert secret not in text


def test_odd_stored_values_are_shown_as_they_are(version, restricted_reader):
    odd = {"household": {"visited_on": "last week", "risk": "gone", "members": "x"}}
    sections = answers.display(version, odd, restricted_reader, "en")
    fields = {f["path"]: f for f in sections[1]["fields"]}
    assert fields["household.visited_on"]["value_display"] == "last week"
    assert fields["household.risk"]["value_display"] == "gone"
    assert fields["household.members"]["rows"] == []
