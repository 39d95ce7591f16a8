"""Gatekeeping considers family-based care first (F2); a young child in residential
care, or an admission for poverty alone, waits for a senior's approval (F3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.care.models import CareArrangement, GatekeepingDecision
from hearth.care.queries import safeguards_awaiting
from hearth.care.services import gatekeeping, safeguards
from hearth.care.tasks import care_tasks_for
from hearth.cases.models import Approval
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from tests.care.conftest import decide, place


def record(actor, case, options, **fields):
    values = {
        "assessed_on": clock.today(),
        "decided_on": clock.today(),
        "body": "panel",
        "decision": "place",
        "recommended_care_type": options[-1],
        "rationale": "Assessed with the family.",
        "options": [{"care_type": code} for code in options],
    }
    values.update(fields)
    return gatekeeping.gatekeeping_record(actor=actor, case=case, **values)


def test_residential_care_considered_before_family_care_is_refused(worker, case):
    with pytest.raises(ValidationError) as refused:
        record(worker, case, ["institution", "kinship"])
    assert "family_options_not_possible" in refused.value.error_dict
    with pytest.raises(ValidationError):
        record(worker, case, ["institution"])  # no family-based option at all
    assert not GatekeepingDecision.objects.exists()


def test_residential_first_is_accepted_with_the_reason_family_care_was_not_possible(worker, case):
    decision = record(
        worker,
        case,
        ["small_group_home", "kinship"],
        recommended_care_type="small_group_home",
        family_options_not_possible="No relative could be found; no foster carer takes siblings.",
    )
    assert [o["care_type"] for o in decision.options] == ["small_group_home", "kinship"]


def test_family_options_first_need_no_explanation(worker, case):
    decision = record(worker, case, ["parental", "kinship", "foster", "institution"])
    assert decision.recommended_care_type.code == "institution"
    assert decision.child == case.child


def test_the_recommended_care_is_one_of_the_options(worker, case):
    with pytest.raises(ValidationError) as refused:
        record(worker, case, ["kinship", "foster"], recommended_care_type="institution")
    assert "recommended_care_type" in refused.value.error_dict


def test_an_option_listed_twice_is_refused(worker, case):
    with pytest.raises(ValidationError, match="twice"):
        record(worker, case, ["kinship", "kinship"])


@pytest.fixture
def baby_case(make_case, worker):
    return make_case(
        worker,
        child_fields={
            "given_name": "Neema",
            "family_name": "Auma",
            "sex": "female",
            "date_of_birth": clock.today() - dt.timedelta(days=400),
        },
    )


def residential(worker, case, facility, **fields):
    decide(worker, case, recommended="institution", options=("kinship", "foster", "institution"))
    return place(worker, case, "institution", facility=facility, **fields)


def test_a_child_under_three_in_residential_care_needs_the_reason(worker, baby_case, facility):
    with pytest.raises(ValidationError) as refused:
        residential(worker, baby_case, facility)
    assert "safeguard_note" in refused.value.error_dict
    assert not CareArrangement.objects.exists()


def test_it_is_saved_awaiting_senior_approval(worker, baby_case, facility, supervisor):
    a = residential(worker, baby_case, facility, safeguard_note="No foster carer tonight.")
    assert a.safeguard == "awaiting"
    assert a.safeguard_reasons == [safeguards.UNDER_AGE]
    approval = safeguards.pending_approval(a)
    assert approval.subject == Approval.Subject.SAFEGUARD and approval.created_by == worker
    assert list(safeguards_awaiting(supervisor, "care.approve_exception")) == [a]


def test_a_senior_approves_the_exception(worker, baby_case, facility, supervisor):
    a = residential(worker, baby_case, facility, safeguard_note="No foster carer tonight.")
    safeguards.safeguard_decide(actor=supervisor, arrangement=a, approve=True)
    a.refresh_from_db()
    assert a.safeguard == "approved"
    assert not safeguards_awaiting(supervisor, "care.approve_exception").exists()


def test_a_manager_with_the_permission_decides_too(worker, baby_case, facility, manager):
    a = residential(worker, baby_case, facility, safeguard_note="No foster carer tonight.")
    with pytest.raises(Refused, match="Say what needs to change"):
        safeguards.safeguard_decide(actor=manager, arrangement=a, approve=False)
    safeguards.safeguard_decide(
        actor=manager, arrangement=a, approve=False, comment="Find a foster carer this week."
    )
    a.refresh_from_db()
    assert a.safeguard == "refused"
    # Until the child is moved, the worker has a task and the report keeps it.
    assert [t.kind for t in care_tasks_for(worker) if t.kind == "safeguard"] == ["safeguard"]
    assert list(safeguards_awaiting(manager, "care.approve_exception")) == [a]


def test_the_worker_cannot_approve(worker, baby_case, facility):
    a = residential(worker, baby_case, facility, safeguard_note="No foster carer tonight.")
    with pytest.raises(Forbidden):
        safeguards.safeguard_decide(actor=worker, arrangement=a, approve=True)


def test_nobody_approves_their_own_request(supervisor, make_case, facility):
    case = make_case(
        supervisor,
        child_fields={
            "given_name": "Baby",
            "sex": "male",
            "date_of_birth": clock.today() - dt.timedelta(days=200),
        },
    )
    a = residential(supervisor, case, facility, safeguard_note="Abandoned at the hospital.")
    with pytest.raises(Refused, match="own request"):
        safeguards.safeguard_decide(actor=supervisor, arrangement=a, approve=True)


def test_admission_for_poverty_alone_needs_approval(worker, case, carer):
    decide(worker, case)
    a = place(worker, case, foster_carer=carer, reasons=["poverty"], safeguard_note="Starving.")
    assert a.safeguard_reasons == [safeguards.POVERTY_ONLY]


def test_poverty_with_another_reason_is_not_an_exception(worker, case, carer):
    decide(worker, case)
    a = place(worker, case, foster_carer=carer, reasons=["poverty", "neglect"])
    assert a.safeguard == "" and safeguards.pending_approval(a) is None


def test_an_older_child_in_residential_care_needs_no_senior_approval(worker, case, facility):
    a = residential(worker, case, facility)
    assert a.safeguard == ""
