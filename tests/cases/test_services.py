"""Services on a case (D2): provider, due date, delivery date rules, cancelling,
overdue as a query, and the plan going into implementation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases import delivery_queries as q
from hearth.cases import work
from hearth.cases.models import Case, Service, ServiceType
from hearth.cases.services import delivery
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from tests.cases.delivery_world import api, approve_plan, build_directory, post


@pytest.fixture
def entries(administrator, agencies, places):
    return build_directory(administrator, agencies, places)


@pytest.fixture
def health():
    return ServiceType.objects.get(code="health")


def add(case, actor, service_type, days=7, **provider):
    provider = provider or {"provided_by_user": actor}
    return delivery.service_add(
        actor=actor,
        case=case,
        service_type=service_type,
        due_on=clock.today() + dt.timedelta(days=days),
        **provider,
    )


def test_a_service_has_one_provider_and_moves_the_next_deadline(case, worker, entries, health):
    service = add(case, worker, health, days=1, provider=entries["clinic"])
    assert service.status == Service.Status.PLANNED
    case.refresh_from_db()
    assert case.next_due_on == service.due_on  # before the assessment deadline
    assert AuditEvent.objects.filter(action="service.add", object_id=str(service.pk)).exists()
    with pytest.raises(ValidationError) as error:
        add(case, worker, health, provided_by_user=worker, provider=entries["clinic"])
    assert "provider" in error.value.message_dict
    with pytest.raises(ValidationError):
        delivery.service_add(
            actor=worker, case=case, service_type=health, due_on=clock.today()
        )  # no provider at all


def test_inactive_types_and_providers_are_refused(case, worker, administrator, entries, health):
    from hearth.cases.services import directory

    directory.provider_set_active(
        actor=administrator, provider=entries["clinic"], active=False, reason="Closed"
    )
    with pytest.raises(ValidationError):
        add(case, worker, health, provider=entries["clinic"])
    directory.service_type_update(actor=administrator, service_type=health, is_active=False)
    with pytest.raises(ValidationError) as error:
        add(case, worker, health)
    assert "service_type" in error.value.message_dict
    assert not case.services.exists()


def test_delivery_date_is_not_in_the_future_nor_before_registration(make_case, worker, health):
    case = make_case(worker, registration_date=clock.today() - dt.timedelta(days=10))
    service = add(case, worker, health)
    with pytest.raises(ValidationError) as error:
        delivery.service_deliver(
            actor=worker, service=service, delivered_on=clock.today() + dt.timedelta(days=1)
        )
    assert "delivered_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        delivery.service_deliver(
            actor=worker, service=service, delivered_on=clock.today() - dt.timedelta(days=11)
        )
    delivery.service_deliver(
        actor=worker, service=service, delivered_on=clock.today() - dt.timedelta(days=10)
    )
    service.refresh_from_db()
    assert service.status == Service.Status.DELIVERED
    assert service.delivered_on == case.registration_date
    with pytest.raises(Refused):
        delivery.service_deliver(actor=worker, service=service)
    with pytest.raises(Refused):
        delivery.service_cancel(actor=worker, service=service, reason="Not needed")


def test_cancel_needs_a_reason_and_takes_the_service_off_the_deadlines(case, worker, health):
    service = add(case, worker, health, days=1)
    with pytest.raises(ValidationError):
        delivery.service_cancel(actor=worker, service=service, reason=" ")
    delivery.service_cancel(actor=worker, service=service, reason="The family moved away")
    service.refresh_from_db()
    case.refresh_from_db()
    assert service.status == Service.Status.CANCELLED
    assert service.cancel_reason == "The family moved away"
    assert case.next_due_on != service.due_on
    assert AuditEvent.objects.filter(action="service.cancel").exists()


def test_undelivered_past_due_is_overdue_until_delivered(case, worker, health):
    service = add(case, worker, health, days=3)
    other = add(case, worker, health, days=30)
    assert not q.overdue_services().exists()
    clock.freeze(clock.now() + dt.timedelta(days=4))
    try:
        assert list(q.overdue_services()) == [service]
        delivery.service_deliver(actor=worker, service=service)
        assert not q.overdue_services().exists()
        assert other not in q.overdue_services()
    finally:
        clock.freeze(None)


def test_only_open_cases_get_services(case, worker, health):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    work.sync([case.pk])  # past the services: keep the open work too
    case.refresh_from_db()
    with pytest.raises(Refused):
        add(case, worker, health)


def test_only_those_who_work_on_the_case_add_services(case, worker_elsewhere, manager, health):
    for person in (worker_elsewhere, manager):
        with pytest.raises(Forbidden):
            add(case, person, health)


def test_the_first_service_puts_an_approved_plan_into_implementation(case, worker, health):
    approve_plan(case)
    add(case, worker, health)
    case.refresh_from_db()
    assert case.status == Case.Status.IN_IMPLEMENTATION
    transition = AuditEvent.objects.get(action="case.transition", object_id=str(case.pk))
    assert transition.detail["transition"] == "implementation_started"
    assert transition.detail["from"] == "plan_approved"
    add(case, worker, health)  # later services change nothing
    assert AuditEvent.objects.filter(action="case.transition").count() == 1


def test_a_service_before_the_plan_leaves_the_state_alone(case, worker, health):
    add(case, worker, health)
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED


# --- pages --------------------------------------------------------------------------


def test_add_deliver_and_cancel_through_the_pages(signed_in, case, worker, entries, health):
    client = signed_in(worker)
    form = client.get(f"/cases/{case.pk}/services/new/")
    assert form.status_code == 200
    assert "Lakeside Clinic" in form.content.decode()
    due = (clock.today() + dt.timedelta(days=5)).isoformat()
    response = client.post(
        f"/cases/{case.pk}/services/new/",
        {"service_type": health.pk, "provider": f"provider:{entries['clinic'].pk}", "due_on": due},
    )
    assert response.status_code == 302
    service = case.services.get()
    assert service.provider == entries["clinic"]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Health care" in page and f"/cases/services/{service.pk}/deliver/" in page
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    refused = client.post(f"/cases/services/{service.pk}/deliver/", {"delivered_on": tomorrow})
    assert refused.status_code == 200
    assert "cannot be in the future" in refused.content.decode()
    client.post(f"/cases/services/{service.pk}/deliver/", {"delivered_on": clock.today()})
    service.refresh_from_db()
    assert service.status == Service.Status.DELIVERED
    second = add(case, worker, health)
    client.post(f"/cases/services/{second.pk}/cancel/", {"reason": "Duplicate"})
    second.refresh_from_db()
    assert second.status == Service.Status.CANCELLED


def test_overdue_shows_on_the_case_page(signed_in, case, worker, health):
    add(case, worker, health, days=1)
    clock.freeze(clock.now() + dt.timedelta(days=3))
    try:
        page = signed_in(worker).get(f"/cases/{case.pk}/").content.decode()
    finally:
        clock.freeze(None)
    assert 'badge overdue">overdue' in page


def test_others_cannot_reach_the_service_pages(signed_in, case, worker, worker_elsewhere, health):
    service = add(case, worker, health)
    client = signed_in(worker_elsewhere)
    assert client.get(f"/cases/{case.pk}/services/new/").status_code == 404
    assert client.post(f"/cases/services/{service.pk}/cancel/", {"reason": "x"}).status_code == 404
    service.refresh_from_db()
    assert service.status == Service.Status.PLANNED


# --- API ----------------------------------------------------------------------------


def test_api_plan_deliver_and_cancel(client, case, worker, agencies):
    due = (clock.today() + dt.timedelta(days=5)).isoformat()
    body = {
        "service_type": "education",
        "due_on": due,
        "provided_by_agency": str(agencies["ngo"].pk),
    }
    response = post(api(client, worker), f"/api/v1/cases/{case.pk}/services", body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "planned" and created["provided_by_agency"] == str(
        agencies["ngo"].pk
    )
    future = (clock.today() + dt.timedelta(days=1)).isoformat()
    refused = post(client, f"/api/v1/services/{created['id']}/deliver", {"delivered_on": future})
    assert refused.status_code == 422
    assert "delivered_on" in refused.json()["errors"]
    delivered = post(client, f"/api/v1/services/{created['id']}/deliver", {})
    assert delivered.status_code == 200
    assert delivered.json()["delivered_on"] == clock.today().isoformat()
    again = post(client, f"/api/v1/services/{created['id']}/cancel", {"reason": "x"})
    assert again.status_code == 409
    listed = client.get(f"/api/v1/cases/{case.pk}/services").json()
    assert [s["status"] for s in listed] == ["delivered"]


def test_api_refuses_what_the_pages_refuse(client, case, worker, worker_elsewhere):
    due = clock.today().isoformat()
    body = {"service_type": "health", "due_on": due}
    no_provider = post(api(client, worker), f"/api/v1/cases/{case.pk}/services", body)
    assert no_provider.status_code == 422 and "provider" in no_provider.json()["errors"]
    body["provided_by_user"] = str(worker.pk)
    outsider = post(api(client, worker_elsewhere), f"/api/v1/cases/{case.pk}/services", body)
    assert outsider.status_code == 404
    assert not case.services.exists()
