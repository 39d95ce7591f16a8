"""The demo shows the care module alive."""

from io import StringIO

import pytest
from django.core.management import call_command

from hearth.accounts.models import User
from hearth.care import queries
from hearth.care.models import (
    CareArrangement,
    Facility,
    FosterCarer,
    PopulationEstimate,
    ReintegrationPlan,
    TracingRequest,
)
from hearth.care.tasks import care_tasks_for


@pytest.fixture
def built(db):
    call_command("demo-data", "--children", "60", "--cases", "10", stdout=StringIO())


def test_the_demo_has_children_in_care(built):
    assert Facility.objects.count() == 5 and FosterCarer.objects.count() == 3
    assert CareArrangement.objects.filter(is_formal=True).count() >= 6
    plan = ReintegrationPlan.objects.get()
    assert (
        plan.status == "returned"
        and plan.visits.filter(follow_up__done_on__isnull=False).count() == 1
    )
    assert TracingRequest.objects.count() == 1
    assert PopulationEstimate.objects.exists()
    worker = User.objects.get(username="worker")
    kinds = {t.kind for t in care_tasks_for(worker)}
    assert {"placement_review", "gatekeeping", "reintegration_visit", "legal_order"} <= kinds
    supervisor = User.objects.get(username="supervisor")
    assert queries.safeguards_awaiting(supervisor, "care.approve_exception").count() == 1
