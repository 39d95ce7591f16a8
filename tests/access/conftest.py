"""A small world for the access policy's specification: one person per standard
role, all in the Department of Social Welfare's North team and the North region,
and five cases, each reachable through exactly one kind of scope:

own        owned by the person under test          North team, DSW, North village
team       owned by a North teammate               North team, DSW, North village
agency     owned by a DSW worker of the South team South team, DSW, South village
area       owned by an NGO worker                  NGO team, NGO,   North village
elsewhere  owned by an NGO worker                  NGO team, NGO,   South village
"""

import datetime as dt

import pytest

from hearth.cases.models import Case
from hearth.core import ids
from hearth.registry.models import Person
from tests.cases.conftest import make_case  # noqa: F401  the same case factory as tests/cases
from tests.conftest import make_user

ROLES = ["caseworker", "supervisor", "manager", "administrator", "data_clerk", "auditor"]
SCOPES = ["own", "team", "agency", "area", "elsewhere"]


def case_row(owner, location, team, agency) -> Case:
    """A case row as registration leaves it, made directly so that any role can
    own one (the policy's answer does not depend on how the row was made)."""
    child = Person.objects.create(
        given_name="Child", family_name=str(owner), sex="female", date_of_birth=dt.date(2016, 1, 1)
    )
    return Case.objects.create(
        number=ids.yearly_number("CP"),
        child=child,
        registration_date=dt.date(2026, 1, 5),
        identified_how="community",
        risk_level="medium",
        owner=owner,
        team=team,
        agency=agency,
        location=location,
    )


@pytest.fixture
def scoped(agencies, places):
    """scoped(role) -> (the person holding `role`, {scope: case})."""
    gov, ngo = agencies["gov"], agencies["ngo"]
    teammate = make_user("mate", "caseworker", agency=gov, team=agencies["north_team"])
    southerner = make_user("south", "caseworker", agency=gov, team=agencies["south_team"])
    ngo_person = make_user("ngo", "caseworker", agency=ngo, team=agencies["ngo_team"])
    north, south = places["north_village"], places["south_village"]

    def world(role: str):
        user = make_user(
            f"the_{role}", role, agency=gov, team=agencies["north_team"], areas=[places["north"]]
        )
        return user, {
            "own": case_row(user, north, agencies["north_team"], gov),
            "team": case_row(teammate, north, agencies["north_team"], gov),
            "agency": case_row(southerner, south, agencies["south_team"], gov),
            "area": case_row(ngo_person, north, agencies["ngo_team"], ngo),
            "elsewhere": case_row(ngo_person, south, agencies["ngo_team"], ngo),
        }

    return world
