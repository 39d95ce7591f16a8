"""The care arrangement timeline (F1): one episode at a time, formal care always
formal, gatekeeping first (F2), licensed providers only (F4), review dates (F5)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.care.models import CareArrangement
from hearth.care.services import arrangements, providers
from hearth.cases import work
from hearth.core import clock, config
from hearth.core.errors import Refused
from hearth.core.models import Setting
from tests.care.conftest import DAY, decide, place


def test_an_informal_arrangement_needs_no_gatekeeping(worker, case):
    a = place(worker, case, "kinship", legal_basis="none", start_date=clock.today() - 10 * DAY)
    assert not a.is_formal
    assert a.gatekeeping is None
    assert a.next_review_on is None
    assert AuditEvent.objects.filter(action="care.arrangement_start", object_id=str(a.pk)).exists()


def test_a_formal_placement_without_gatekeeping_is_refused_and_nothing_is_saved(
    worker, case, carer
):
    with pytest.raises(Refused, match="gatekeeping decision"):
        place(worker, case, foster_carer=carer)
    assert not CareArrangement.objects.exists()


def test_a_formal_placement_uses_the_gatekeeping_decision_recommending_it(worker, case, carer):
    decision = decide(worker, case, decided_on=clock.today() - 3 * DAY)
    a = place(worker, case, foster_carer=carer)
    assert a.is_formal
    assert a.gatekeeping == decision
    assert a.entered_formal_care


def test_a_gatekeeping_decision_too_old_does_not_count(worker, case, carer):
    decide(worker, case, decided_on=clock.today() - 31 * DAY)
    with pytest.raises(Refused, match="30 days"):
        place(worker, case, foster_carer=carer)
    Setting.objects.create(key="care.gatekeeping_days", value=45)
    assert place(worker, case, foster_carer=carer).gatekeeping is not None


def test_a_decision_to_support_the_family_does_not_allow_a_placement(worker, case, carer):
    from hearth.care.services import gatekeeping

    gatekeeping.gatekeeping_record(
        actor=worker,
        case=case,
        assessed_on=clock.today(),
        decided_on=clock.today(),
        body="officer",
        options=[{"care_type": "parental", "note": "with cash support"}],
        decision="support",
        rationale="The mother can care for the child with support.",
    )
    with pytest.raises(Refused):
        place(worker, case, foster_carer=carer)


def test_an_emergency_placement_is_saved_and_gatekeeping_comes_due(worker, case, carer):
    from hearth.care.tasks import care_tasks_for

    a = place(worker, case, foster_carer=carer, is_emergency=True, start_date=clock.today() - DAY)
    assert a.gatekeeping is None
    due = [t for t in care_tasks_for(worker) if t.kind == "gatekeeping"]
    assert [t.due_on for t in due] == [a.start_date + 3 * DAY]
    # Recording the decision afterwards links it and the task goes away.
    decision = decide(worker, case)
    a.refresh_from_db()
    assert a.gatekeeping == decision
    assert not [t for t in care_tasks_for(worker) if t.kind == "gatekeeping"]


def test_residential_care_is_always_formal(worker, case, facility):
    decide(worker, case, recommended="institution", options=("kinship", "foster", "institution"))
    a = place(worker, case, "institution", facility=facility, is_formal=False)
    assert a.is_formal


def test_a_placement_ends_the_current_arrangement_the_day_before(worker, case, carer):
    home = place(worker, case, "parental", legal_basis="none", start_date=clock.today() - 20 * DAY)
    decide(worker, case, decided_on=clock.today() - 6 * DAY)
    foster = place(worker, case, foster_carer=carer, start_date=clock.today() - 5 * DAY)
    home.refresh_from_db()
    assert home.end_date == foster.start_date - DAY
    assert home.followed_by_id == foster.pk
    assert AuditEvent.objects.filter(action="care.arrangement_end", object_id=str(home.pk)).exists()


def test_overlapping_episodes_are_refused_naming_the_other_one(worker, case):
    place(
        worker,
        case,
        "kinship",
        legal_basis="none",
        start_date=clock.today() - 100 * DAY,
        end_date=clock.today() - 50 * DAY,
    )
    with pytest.raises(Refused) as refused:
        place(
            worker,
            case,
            "other_family",
            legal_basis="none",
            start_date=clock.today() - 60 * DAY,
            end_date=clock.today() - 40 * DAY,
        )
    assert "Kinship care" in str(refused.value.message)
    assert refused.value.field == "start_date"
    assert CareArrangement.objects.count() == 1


def test_a_new_arrangement_cannot_start_before_the_current_one(worker, case):
    place(worker, case, "kinship", legal_basis="none", start_date=clock.today() - 5 * DAY)
    with pytest.raises(Refused, match="starts on or after"):
        place(worker, case, "parental", legal_basis="none", start_date=clock.today() - 9 * DAY)


def test_the_same_child_on_two_cases_still_has_one_timeline(worker, case, make_case):
    second = make_case(worker, child=case.child)
    place(
        worker,
        case,
        "kinship",
        legal_basis="none",
        start_date=clock.today() - 5 * DAY,
        end_current=False,
    )
    with pytest.raises(Refused, match="overlap|starts on or after"):
        place(worker, second, "parental", legal_basis="none", start_date=clock.today() - 9 * DAY)


def test_placing_with_an_expired_licence_is_refused(worker, case, facility, administrator):
    providers.facility_update(
        actor=administrator, facility=facility, licence_expires_on=clock.today() - DAY
    )
    decide(worker, case, recommended="institution", options=("kinship", "foster", "institution"))
    with pytest.raises(Refused, match="expired"):
        place(worker, case, "institution", facility=facility)


def test_placing_in_an_unlicensed_facility_is_refused(worker, case, administrator, places):
    unlicensed = providers.facility_create(
        actor=administrator,
        name="Unregistered home",
        kind="institution",
        capacity=10,
        location=places["north_village"],
    )
    decide(worker, case, recommended="institution", options=("kinship", "foster", "institution"))
    with pytest.raises(Refused, match="no valid licence"):
        place(worker, case, "institution", facility=unlicensed)


def test_placing_with_a_foster_carer_whose_approval_expired_is_refused(
    worker, case, carer, manager
):
    providers.foster_carer_update(
        actor=manager, carer=carer, approval_expires_on=clock.today() - DAY
    )
    decide(worker, case)
    with pytest.raises(Refused, match="expired"):
        place(worker, case, foster_carer=carer)


def test_each_type_of_care_has_its_provider(worker, case, facility, carer):
    decide(worker, case)
    with pytest.raises(ValidationError) as missing:
        place(worker, case, "foster")
    assert "foster_carer" in missing.value.error_dict
    with pytest.raises(ValidationError) as wrong:
        place(worker, case, "foster", foster_carer=carer, facility=facility)
    assert "facility" in wrong.value.error_dict


def test_a_court_order_basis_names_the_order(worker, case, carer):
    decide(worker, case)
    with pytest.raises(ValidationError) as refused:
        place(worker, case, foster_carer=carer, legal_basis="court")
    assert "legal_order" in refused.value.error_dict


def test_formal_care_needs_a_legal_basis(worker, case, carer):
    decide(worker, case)
    with pytest.raises(ValidationError) as refused:
        place(worker, case, foster_carer=carer, legal_basis="none")
    assert "legal_basis" in refused.value.error_dict


def test_a_reason_from_the_list_is_required(worker, case):
    with pytest.raises(ValidationError) as refused:
        place(worker, case, "kinship", legal_basis="none", reasons=[])
    assert "reasons" in refused.value.error_dict


def test_the_first_review_is_due_three_months_after_the_start(worker, case, carer):
    decide(worker, case, decided_on=clock.today() - 10 * DAY)
    a = place(worker, case, foster_carer=carer, start_date=clock.today() - 10 * DAY)
    assert a.next_review_on == a.start_date + dt.timedelta(days=90)
    Setting.objects.create(key="care.review_days", value=200)  # never beyond three months
    assert config.get("care.review_days") == 200
    b = place(worker, case, foster_carer=carer, start_date=clock.today())
    assert b.next_review_on == b.start_date + dt.timedelta(days=92)


def test_a_move_between_formal_placements_is_not_a_new_entry(worker, case, carer, facility):
    decide(
        worker,
        case,
        decided_on=clock.today() - 9 * DAY,
        recommended="institution",
        options=("kinship", "foster", "institution"),
    )
    first = place(
        worker, case, "institution", facility=facility, start_date=clock.today() - 9 * DAY
    )
    second = place(worker, case, foster_carer=carer, start_date=clock.today() - 2 * DAY)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.entered_formal_care and not second.entered_formal_care
    # Voiding the first makes the second the entry.
    arrangements.arrangement_void(
        actor=worker, arrangement=first, reason="Entered on the wrong case"
    )
    second.refresh_from_db()
    assert second.entered_formal_care


def test_a_closed_case_takes_no_new_arrangement(worker, case):
    type(case).objects.filter(pk=case.pk).update(status="closed")
    work.sync([case.pk])  # past the services: keep the open work too
    case.refresh_from_db()
    with pytest.raises(Refused, match="closed"):
        place(worker, case, "kinship", legal_basis="none")


def test_history_before_registration_needs_no_gatekeeping(worker, make_case, facility):
    case = make_case(worker, registration_date=clock.today() - 5 * DAY)
    a = place(
        worker,
        case,
        "institution",
        facility=facility,
        start_date=clock.today() - 900 * DAY,
        end_date=clock.today() - 400 * DAY,
    )
    assert a.is_formal and a.gatekeeping is None and a.safeguard == ""
