"""The small world of care tests: a licensed facility and an approved foster carer
in the north, and helpers that go through the services as real use does."""

import datetime as dt

import pytest

from hearth.care.services import arrangements, gatekeeping, providers
from hearth.core import clock
from tests import factories
from tests.cases.conftest import CONSENT, case, make_case  # noqa: F401  the same case factory
from tests.work_check import (  # noqa: F401  checked after each test
    _child_facts_match_people,
    _work_items_match_records,
)

DAY = dt.timedelta(days=1)


@pytest.fixture
def facility(administrator, places):
    return providers.facility_create(
        actor=administrator,
        name="Lakeshore Children's Home",
        kind="institution",
        licence_number="LIC-001",
        licence_expires_on=clock.today() + dt.timedelta(days=365),
        capacity=2,
        location=places["north_village"],
    )


@pytest.fixture
def carer(manager, worker, places):
    household = factories.household(
        worker, name="Nakato foster family", location=places["north_village"]
    )
    return providers.foster_carer_create(
        actor=manager,
        household=household,
        approval_number="FC-7",
        approved_on=clock.today() - dt.timedelta(days=400),
        approval_expires_on=clock.today() + dt.timedelta(days=300),
        capacity=2,
        location=places["north_village"],
    )


def decide(actor, on_case, *, decided_on=None, recommended="foster", options=("kinship", "foster")):
    """A gatekeeping decision recommending placement, family-based options first."""
    day = decided_on or clock.today()
    return gatekeeping.gatekeeping_record(
        actor=actor,
        case=on_case,
        assessed_on=day,
        decided_on=day,
        body="panel",
        body_name="District gatekeeping panel",
        options=[{"care_type": code} for code in options],
        decision="place",
        recommended_care_type=recommended,
        rationale="No relative can care for the child safely now.",
        child_consulted=True,
        child_views="Wants to stay near school.",
        parents_consulted=True,
    )


def place(actor, on_case, care_type="foster", **fields):
    """Start an arrangement with sensible defaults for a formal placement."""
    values = {
        "start_date": clock.today(),
        "legal_basis": "administrative",
        "decided_by": "District gatekeeping panel",
        "reasons": ["abuse"],
    }
    values.update(fields)
    return arrangements.arrangement_start(actor=actor, case=on_case, care_type=care_type, **values)


@pytest.fixture
def frozen():
    """Stand still on 15 June 2026 (for due dates worked out by hand)."""
    clock.freeze(dt.datetime(2026, 6, 15, 10, 0))
    yield dt.date(2026, 6, 15)
    clock.freeze(None)
