"""Court and police involvement, hearings (D4) and legal orders (F9)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases import followup_queries
from hearth.cases.models import Case, Hearing, LegalOrder
from hearth.cases.services import court
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from hearth.core.models import Setting
from hearth.notify.services import reminders_send
from tests.cases.case_states import put_in

DAY = dt.timedelta(days=1)


@pytest.fixture
def frozen():
    clock.freeze(dt.datetime(2026, 6, 1, 9, 0))
    yield clock.today()
    clock.freeze(None)


def involvement(actor, case, **extra):
    values = {
        "kind": "court",
        "institution": "Lake District Children's Court",
        "file_number": "CC/114/2026",
        "officer": "Magistrate Achieng",
        "opened_on": clock.today() - 20 * DAY,
        "notes": "Application for a care order.",
    }
    values.update(extra)
    return court.involvement_create(actor=actor, case=case, **values)


def order(actor, case, expires_in=None, **extra):
    values = {
        "kind": "interim_care",
        "court": "Lake District Children's Court",
        "number": "ICO-77",
        "issued_on": clock.today() - 10 * DAY,
        "expires_on": clock.today() + expires_in * DAY if expires_in is not None else None,
        "terms": "Placement with the grandmother; weekly contact with the mother.",
    }
    values.update(extra)
    return court.order_create(actor=actor, case=case, **values)


def test_proceedings_with_hearings_show_the_next_hearing(frozen, case, worker):
    proceedings = involvement(worker, case)
    court.hearing_add(
        actor=worker,
        involvement=proceedings,
        held_on=frozen - 14 * DAY,
        purpose="Mention",
        outcome="Adjourned for a social inquiry report",
        next_hearing_on=frozen - DAY,
    )
    (found,) = followup_queries.involvements_of(case)
    assert found.next_hearing_on == frozen - DAY  # passed, and no hearing recorded since
    court.hearing_add(
        actor=worker,
        involvement=proceedings,
        held_on=frozen - DAY,
        outcome="Interim care order granted",
        next_hearing_on=frozen + 21 * DAY,
    )
    (found,) = followup_queries.involvements_of(case)
    assert [h.held_on for h in found.live_hearings] == [frozen - 14 * DAY, frozen - DAY]
    assert found.next_hearing_on == frozen + 21 * DAY


def test_hearings_are_recorded_once_held_and_the_next_comes_after(frozen, case, worker):
    proceedings = involvement(worker, case)
    with pytest.raises(ValidationError) as error:
        court.hearing_add(actor=worker, involvement=proceedings, held_on=frozen + DAY)
    assert "held_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        court.hearing_add(
            actor=worker, involvement=proceedings, held_on=frozen, next_hearing_on=frozen
        )
    assert "next_hearing_on" in error.value.message_dict
    assert not Hearing.objects.exists()


@pytest.mark.parametrize(
    ("expires_in", "state"),
    [(None, "current"), (31, "current"), (30, "expiring"), (0, "expiring"), (-1, "expired")],
)
def test_order_expiry_states(frozen, case, worker, expires_in, state):
    found = order(worker, case, expires_in=expires_in)
    assert followup_queries.order_state(found)[0] == state


def test_the_warning_period_is_configurable(frozen, case, worker):
    found = order(worker, case, expires_in=45)
    assert followup_queries.order_state(found) == ("current", 45)
    Setting.objects.create(key="cases.order_expiry_warning_days", value=60)
    assert followup_queries.order_state(found) == ("expiring", 45)


def test_orders_expiring_are_listed_for_those_who_see_the_case(
    frozen, case, worker, worker_elsewhere
):
    soon = order(worker, case, expires_in=5, number="A")
    order(worker, case, expires_in=90, number="B")
    gone = order(worker, case, expires_in=-3, number="C")
    assert list(followup_queries.orders_expiring(worker)) == [gone, soon]
    assert list(followup_queries.orders_expiring(worker_elsewhere)) == []


def test_an_order_belongs_to_proceedings_of_its_own_case(frozen, make_case, case, worker):
    other = involvement(worker, make_case(worker))
    with pytest.raises(ValidationError) as error:
        order(worker, case, involvement=other)
    assert "involvement" in error.value.message_dict
    linked = order(worker, case, involvement=involvement(worker, case))
    assert linked.involvement.case == case


def test_orders_are_issued_before_they_expire_and_not_in_the_future(frozen, case, worker):
    with pytest.raises(ValidationError):
        order(worker, case, issued_on=frozen + DAY)
    with pytest.raises(ValidationError) as error:
        order(worker, case, issued_on=frozen, expires_in=0)
    assert "expires_on" in error.value.message_dict


def test_changes_are_versioned_and_audited_without_sensitive_values(frozen, case, worker):
    proceedings = involvement(worker, case)
    court.involvement_update(
        actor=worker, involvement=proceedings, file_number="CC/115/2026", expected_version=1
    )
    event = AuditEvent.objects.get(action="court.involvement_update")
    assert event.changes["file_number"] == ["•••", "•••"]
    assert "CC/11" not in event.object_label


def test_voiding_proceedings_voids_their_hearings_but_not_orders(frozen, case, worker):
    proceedings = involvement(worker, case)
    hearing = court.hearing_add(actor=worker, involvement=proceedings, held_on=frozen)
    linked = order(worker, case, involvement=proceedings)
    with pytest.raises(Refused, match="Legal orders"):
        court.involvement_void(actor=worker, involvement=proceedings, reason="Wrong child")
    court.order_update(actor=worker, order=linked, involvement=None)
    court.involvement_void(actor=worker, involvement=proceedings, reason="Wrong child")
    hearing.refresh_from_db()
    assert hearing.is_voided and not LegalOrder.objects.get().is_voided


def test_only_those_working_on_an_open_case_record_court_matters(
    frozen, case, worker, manager, worker_elsewhere
):
    for outsider in (manager, worker_elsewhere):
        with pytest.raises(Forbidden):
            involvement(outsider, case)
    put_in(case, Case.Status.CLOSED)
    with pytest.raises(Refused, match="closed"):
        order(worker, case)


def test_reminders_of_hearings_and_expiring_orders_go_to_the_caseworker(frozen, case, worker):
    proceedings = involvement(worker, case)
    court.hearing_add(
        actor=worker, involvement=proceedings, held_on=frozen, next_hearing_on=frozen + 5 * DAY
    )
    order(worker, case, expires_in=20)
    order(worker, case, expires_in=200, number="Later")
    sent = reminders_send(today=frozen)
    # The case's own deadlines (its assessment) are reminded too; not the subject here.
    keys = sorted(
        r.key.split(":")[0] for r in sent if r.user == worker and not r.key.startswith("case-")
    )
    assert keys == ["hearing", "legal-order-expiring"]
    assert reminders_send(today=frozen) == []  # once only


# --- pages ------------------------------------------------------------------------------


def test_the_case_page_badges_expired_and_expiring_orders(frozen, case, worker, signed_in):
    order(worker, case, expires_in=-2, number="OLD-1")
    order(worker, case, expires_in=10, number="SOON-2")
    html = signed_in(worker).get(f"/cases/{case.pk}/").content.decode()
    assert "Court and legal orders" in html
    assert "1 order expired" in html and "1 order expires soon" in html
    assert "expires in 10 days" in html


def test_file_numbers_and_terms_are_masked_for_low_clearance(
    frozen, case, worker, manager, signed_in
):
    involvement(worker, case)
    order(worker, case)
    html = signed_in(worker).get(f"/cases/{case.pk}/").content.decode()
    assert "CC/114/2026" in html and "weekly contact" in html
    html = signed_in(manager).get(f"/cases/{case.pk}/").content.decode()
    assert "Lake District Children&#x27;s Court" in html
    assert "CC/114/2026" not in html and "weekly contact" not in html


def test_recording_through_the_pages(frozen, case, worker, signed_in):
    client = signed_in(worker)
    response = client.post(
        f"/cases/{case.pk}/court/new/",
        {"kind": "police", "institution": "Lakeshore police post", "file_number": "OB 12/6"},
    )
    assert response.status_code == 302
    (proceedings,) = followup_queries.involvements_of(case)
    response = client.post(
        f"/cases/{case.pk}/court/{proceedings.pk}/hearings/new/",
        {"held_on": frozen.isoformat(), "next_hearing_on": frozen.isoformat()},
    )
    assert "The next hearing is after this one." in response.content.decode()
    response = client.post(
        f"/cases/{case.pk}/orders/new/",
        {
            "kind": "protection",
            "court": "Lake District Children's Court",
            "number": "PO-1",
            "issued_on": frozen.isoformat(),
            "involvement": proceedings.pk,
        },
    )
    assert response.status_code == 302
    assert LegalOrder.objects.get().involvement_id == proceedings.pk
