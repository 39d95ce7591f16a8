"""Reviews at least every three months (F5), family contact (F6), discharge (F10),
and the register's occupancy counted from current placements (F4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.care import queries
from hearth.care.services import placement, providers
from hearth.care.tasks import care_reminders, care_tasks_for
from hearth.cases import work
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from tests.care.conftest import DAY, decide, place


@pytest.fixture
def fostered(frozen, worker, case, carer):
    decide(worker, case, decided_on=frozen - 100 * DAY)
    return place(worker, case, foster_carer=carer, start_date=frozen - 100 * DAY)


def review(worker, arrangement, **fields):
    values = {
        "held_on": clock.today(),
        "participants": "Child, foster carer, caseworker",
        "decision": "continue",
        "child_participated": True,
        "child_views": "Happy at school.",
    }
    values.update(fields)
    return placement.placement_review_record(actor=worker, arrangement=arrangement, **values)


def test_an_unreviewed_placement_is_overdue_after_three_months(fostered, worker, frozen):
    assert fostered.next_review_on == frozen - 10 * DAY
    assert list(queries.reviews_overdue(worker)) == [fostered]
    tasks = [t for t in care_tasks_for(worker) if t.kind == "placement_review"]
    assert len(tasks) == 1 and tasks[0].overdue
    reminders = [r for r in care_reminders(frozen) if r.key.startswith("care-review")]
    assert [r.kind for r in reminders] == ["overdue"] and reminders[0].user == worker


def test_a_review_sets_the_next_due_date(fostered, worker, frozen):
    r = review(worker, fostered, next_review_on=frozen + 60 * DAY)
    fostered.refresh_from_db()
    assert fostered.next_review_on == frozen + 60 * DAY == r.next_review_on
    assert not queries.reviews_overdue(worker).exists()
    assert not [t for t in care_tasks_for(worker) if t.kind == "placement_review"]


def test_the_next_review_defaults_to_the_longest_interval(fostered, worker, frozen):
    r = review(worker, fostered)
    assert r.next_review_on == frozen + 90 * DAY


def test_the_next_review_may_not_be_more_than_three_months_away(fostered, worker, frozen):
    with pytest.raises(ValidationError) as refused:
        review(worker, fostered, next_review_on=frozen + 120 * DAY)
    assert "next_review_on" in refused.value.error_dict


def test_a_review_falls_within_the_placement(fostered, worker, frozen):
    with pytest.raises(ValidationError):
        review(worker, fostered, held_on=frozen - 200 * DAY)


def test_review_due_soon_comes_due_on_the_task_list(fostered, worker, frozen):
    review(worker, fostered, next_review_on=frozen + 10 * DAY)
    tasks = [t for t in care_tasks_for(worker) if t.kind == "placement_review"]
    assert len(tasks) == 1 and not tasks[0].overdue and tasks[0].due_on == frozen + 10 * DAY


def test_informal_care_is_not_reviewed_here(worker, case):
    informal = place(
        worker, case, "kinship", legal_basis="none", start_date=clock.today() - 5 * DAY
    )
    with pytest.raises(Refused, match="formal"):
        review(worker, informal)


def test_family_contact_is_logged(fostered, worker, frozen):
    contact = placement.family_contact_record(
        actor=worker,
        arrangement=fostered,
        contact_on=frozen - 3 * DAY,
        with_whom="Mother and younger brother",
        method="family_visit",
        initiated_by="family",
        notes="Visit went well.",
    )
    assert contact.child == fostered.child
    assert AuditEvent.objects.filter(action="care.contact_record").exists()
    with pytest.raises(ValidationError):
        placement.family_contact_record(
            actor=worker,
            arrangement=fostered,
            contact_on=frozen - 300 * DAY,
            with_whom="Mother",
            method="call",
            initiated_by="child",
        )


def test_someone_outside_the_case_cannot_write(fostered, worker_elsewhere, frozen):
    with pytest.raises(Forbidden):
        review(worker_elsewhere, fostered)


def test_discharge_ends_the_placement(fostered, worker, frozen, carer):
    discharge = placement.discharge_record(
        actor=worker,
        arrangement=fostered,
        discharged_on=frozen - DAY,
        kind="reintegration",
        destination="Mother's home",
    )
    fostered.refresh_from_db()
    assert fostered.end_date == frozen - DAY == discharge.discharged_on
    assert fostered.next_review_on is None
    assert queries.occupied(carer) == 0
    with pytest.raises(Refused, match="already"):
        placement.discharge_record(
            actor=worker, arrangement=fostered, discharged_on=frozen, kind="reintegration"
        )


def test_a_death_in_care_is_recorded_on_the_child(fostered, worker, frozen):
    placement.discharge_record(
        actor=worker, arrangement=fostered, discharged_on=frozen - 2 * DAY, kind="death"
    )
    fostered.child.refresh_from_db()
    assert fostered.child.date_of_death == frozen - 2 * DAY


def test_occupancy_is_counted_from_current_placements(worker, make_case, facility, frozen):
    made = []
    for name, sex in (("Amina", "female"), ("Juma", "male"), ("Halima", "female")):
        case = make_case(
            worker,
            child_fields={
                "given_name": name,
                "sex": sex,
                "date_of_birth": frozen - dt.timedelta(days=365 * 10),
            },
        )
        decide(
            worker, case, recommended="institution", options=("kinship", "foster", "institution")
        )
        made.append(place(worker, case, "institution", facility=facility))
    assert queries.occupied(facility) == 3  # above its capacity of 2: allowed, reported
    listed = queries.facilities(worker).get(pk=facility.pk)
    assert listed.occupied == 3
    assert queries.occupied(facility, frozen - DAY) == 0
    placement.discharge_record(
        actor=worker, arrangement=made[0], discharged_on=frozen, kind="reintegration"
    )
    assert queries.occupied(facility, frozen + DAY) == 2


def test_band_occupancy_by_sex_and_age(worker, make_case, facility, administrator, frozen):
    providers.capacity_band_add(actor=administrator, facility=facility, sex="female", places=1)
    providers.capacity_band_add(actor=administrator, facility=facility, sex="male", places=1)
    with pytest.raises(ValidationError, match="more than the capacity"):
        providers.capacity_band_add(actor=administrator, facility=facility, places=1)
    case = make_case(worker)  # a girl of 8
    decide(worker, case, recommended="institution", options=("kinship", "foster", "institution"))
    place(worker, case, "institution", facility=facility)
    bands = {b["band"].sex: (b["occupied"], b["vacant"]) for b in queries.band_occupancy(facility)}
    assert bands == {"female": (1, 0), "male": (0, 1)}


def test_managers_register_providers_only_in_their_areas(manager, places):
    with pytest.raises(Refused, match="own areas"):
        providers.facility_create(
            actor=manager,
            name="Hilltop home",
            kind="small_group_home",
            capacity=6,
            location=places["south_village"],
        )
    home = providers.facility_create(
        actor=manager,
        name="Lake home",
        kind="small_group_home",
        capacity=6,
        location=places["north_village"],
    )
    assert home.created_by == manager


def test_caseworkers_read_the_register_but_do_not_manage_it(worker, facility):
    assert list(queries.facilities(worker)) == [facility]
    with pytest.raises(Forbidden):
        providers.facility_update(actor=worker, facility=facility, capacity=40)


def test_an_inspection_with_follow_up_actions(administrator, facility, frozen):
    inspection = providers.inspection_record(
        actor=administrator,
        facility=facility,
        inspected_on=frozen,
        inspector="J. Inspector",
        findings="Dormitory overcrowded.",
        rating="improve",
        actions=[{"description": "Open a second dormitory", "due_on": frozen + 30 * DAY}],
    )
    action = inspection.actions.get()
    providers.inspection_action_done(actor=administrator, action=action)
    action.refresh_from_db()
    assert action.done_on == frozen


def test_a_closed_case_takes_no_more_care_records(fostered, worker, signed_in, frozen):
    type(fostered.case).objects.filter(pk=fostered.case_id).update(status="closed")
    work.sync([fostered.case_id])  # past the services: keep the open work too
    fostered.refresh_from_db()
    with pytest.raises(Refused, match="closed"):
        review(worker, fostered)
    page = signed_in(worker).get(f"/cases/{fostered.case_id}/").content.decode()
    assert "Review the placement" not in page and "Record a care arrangement" not in page
