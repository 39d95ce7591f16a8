"""The fixed test people and the small world they work in.

worker            caseworker, Social Welfare, North team, area North
worker_elsewhere  caseworker, Social Welfare, South team, area South
ngo_worker        caseworker, Children First (an NGO), area South
supervisor        supervisor of the North team
manager           manager for the North region
clerk             data clerk, Social Welfare
auditor           auditor
administrator     administrator (configuration, no case content)
anonymous         nobody signed in
"""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from hearth.accounts.models import Agency, Role, Team, User
from hearth.audit import guard
from hearth.places.models import Location, LocationLevel

PASSWORD = "a-long-test-passphrase-42"


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 at its lowest cost: the suite hashes a password for every test person
    and sign-in, and the real cost (a third of a second each) would dominate it."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing():
    with override_settings(PASSWORD_HASHERS=["tests.conftest.QuickArgon2PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _audit_guard_unlocked():
    """Let the suite empty tables between tests; trigger tests lock it themselves."""
    guard.unlock_for_tests(True)
    yield
    guard.unlock_for_tests(False)


@pytest.fixture
def audit_locked(db):
    guard.unlock_for_tests(False)
    yield
    guard.unlock_for_tests(True)


@pytest.fixture
def places(db):
    for depth, name in enumerate(["Region", "District", "Sub-county"], start=1):
        LocationLevel.objects.get_or_create(depth=depth, defaults={"name": name})

    def add(code, name, parent=None):
        loc = Location(code=code, name=name, parent=parent)
        loc.compute_path()
        loc.save()
        return loc

    north = add("N", "North")
    south = add("S", "South")
    north_district = add("N1", "Lake District", north)
    south_district = add("S1", "Hill District", south)
    return {
        "north": north,
        "south": south,
        "north_district": north_district,
        "south_district": south_district,
        "north_village": add("N1A", "Lakeshore", north_district),
        "south_village": add("S1A", "Hilltop", south_district),
    }


@pytest.fixture
def agencies(places):
    gov = Agency.objects.create(
        name="Department of Social Welfare", code="DSW", location=places["north"]
    )
    ngo = Agency.objects.create(
        name="Children First", code="CFI", kind="ngo", location=places["south"]
    )
    return {
        "gov": gov,
        "ngo": ngo,
        "north_team": Team.objects.create(agency=gov, name="North team"),
        "south_team": Team.objects.create(agency=gov, name="South team"),
        "ngo_team": Team.objects.create(agency=ngo, name="Outreach"),
    }


def make_user(username, role, *, agency=None, team=None, areas=(), **extra):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        agency=agency,
        team=team,
        first_name=username.title(),
        **extra,
    )
    if role:
        user.roles.add(Role.objects.get(code=role))
    user.locations.set(areas)
    return user


@pytest.fixture
def worker(agencies, places):
    return make_user(
        "worker",
        "caseworker",
        agency=agencies["gov"],
        team=agencies["north_team"],
        areas=[places["north"]],
    )


@pytest.fixture
def worker_elsewhere(agencies, places):
    return make_user(
        "elsewhere",
        "caseworker",
        agency=agencies["gov"],
        team=agencies["south_team"],
        areas=[places["south"]],
    )


@pytest.fixture
def ngo_worker(agencies, places):
    return make_user(
        "ngoworker",
        "caseworker",
        agency=agencies["ngo"],
        team=agencies["ngo_team"],
        areas=[places["south"]],
    )


@pytest.fixture
def supervisor(agencies, places):
    return make_user(
        "supervisor",
        "supervisor",
        agency=agencies["gov"],
        team=agencies["north_team"],
        areas=[places["north"]],
    )


@pytest.fixture
def manager(agencies, places):
    return make_user("manager", "manager", agency=agencies["gov"], areas=[places["north"]])


@pytest.fixture
def clerk(agencies, places):
    return make_user(
        "clerk",
        "data_clerk",
        agency=agencies["gov"],
        team=agencies["north_team"],
        areas=[places["north"]],
    )


@pytest.fixture
def auditor(agencies):
    return make_user("auditor", "auditor", agency=agencies["gov"])


@pytest.fixture
def administrator(agencies):
    return make_user("administrator", "administrator", agency=agencies["gov"])


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, signed in as that user. Someone who
    must use two-factor sign-in (managers, administrators) is given an
    authenticator and signed in as if they had typed its code."""

    def sign_in(user):
        from django_otp import DEVICE_ID_SESSION_KEY

        from hearth.access import policy
        from hearth.accounts import two_factor

        client.force_login(user)
        if two_factor.required_for(user) or two_factor.has_two_factor(user):
            device = two_factor.authenticator_of(user) or user.totpdevice_set.create(
                name="test phone", confirmed=True
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        policy.forget(user)
        return client

    return sign_in
