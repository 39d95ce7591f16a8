import datetime as dt

import pytest

from hearth.cases.services import registration
from hearth.core import clock
from tests.work_check import (  # noqa: F401  checked after each test
    _child_facts_match_people,
    _work_items_match_records,
)

CONSENT = {
    "given": True,
    "given_by": "parent",
    "given_by_name": "Mercy Okello",
    "child_assent": "agrees",
}


@pytest.fixture
def make_case(places):
    """make_case(actor, **overrides) registers a case for a new child."""

    def make(actor, child=None, **overrides):
        values = {
            "registration_date": clock.today(),
            "identified_how": "community",
            "concerns": ["neglect"],
            "risk_level": "medium",
            "location": places["north_village"],
            "consent": dict(CONSENT),
        }
        if child is None:
            values["child_fields"] = {
                "given_name": "Amina",
                "family_name": "Okello",
                "sex": "female",
                "date_of_birth": clock.today() - dt.timedelta(days=8 * 365),
            }
        values.update(overrides)
        return registration.case_register(actor=actor, child=child, **values)

    return make


@pytest.fixture
def case(make_case, worker):
    return make_case(worker)


@pytest.fixture
def machine_people(
    make_case,
    worker,
    supervisor,
    manager,
    worker_elsewhere,
    ngo_worker,
    agencies,
    places,
    administrator,
) -> dict:
    """The people the casework state machines act as, and a second worker of the
    north team to transfer and reassign to (with the service directory built)."""
    from tests.cases.delivery_world import build_directory
    from tests.conftest import make_user

    build_directory(administrator, agencies, places)
    worker2 = make_user(
        "worker2", "caseworker", agency=agencies["gov"], team=agencies["north_team"],
        areas=[places["north"]],
    )  # fmt: skip
    return {
        "make_case": make_case,
        "worker": worker,
        "worker2": worker2,
        "supervisor": supervisor,
        "manager": manager,
        "worker_elsewhere": worker_elsewhere,
        "ngo_worker": ngo_worker,
        "ngo": agencies["ngo"],
    }
