"""The service directory and service types: kept by config.manage, read by every
case worker; the area filter matches an area or any area above it."""

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases import delivery_queries as q
from hearth.cases.models import ServiceProvider, ServiceType
from hearth.cases.services import directory
from hearth.core.errors import Conflict, Forbidden, Refused
from tests.cases.delivery_world import api, build_directory, post, types


@pytest.fixture
def entries(administrator, agencies, places):
    return build_directory(administrator, agencies, places)


def names(qs):
    return sorted(p.name for p in qs)


def test_area_filter_matches_the_area_and_every_area_above_it(entries, places):
    health = ServiceType.objects.get(code="health")
    # Lakeshore lies under Lake District, which the clinic serves; the Hill Clinic
    # serves only the South.
    assert names(q.directory(service_type=health, area=places["north_village"])) == [
        "Lakeside Clinic"
    ]
    assert names(q.directory(service_type=health, area=places["south_village"])) == ["Hill Clinic"]
    # Serving Lake District does not mean serving all of North.
    assert names(q.directory(service_type=health, area=places["north"])) == []


def test_an_entry_without_areas_serves_everywhere(entries, places):
    legal = ServiceType.objects.get(code="legal_aid")
    for area in ("north_village", "south_village", "south"):
        assert names(q.directory(service_type=legal, area=places[area])) == [
            "Department of Social Welfare"
        ]


def test_filters_combine_and_each_entry_is_listed_once(entries, places):
    mental = ServiceType.objects.get(code="mental_health")
    found = q.directory(service_type=mental, area=places["north_village"])
    assert names(found) == ["Children First", "Lakeside Clinic"]
    assert names(q.directory(area=places["north_village"], text="lake")) == ["Lakeside Clinic"]
    assert len(list(q.directory())) == 4


def test_an_agency_entry_takes_the_agency_name_and_only_one_entry_per_agency(
    entries, administrator, agencies
):
    assert entries["ngo"].name == "Children First"
    with pytest.raises(ValidationError) as error:
        directory.provider_create(
            actor=administrator, agency=agencies["ngo"], service_types=types("health")
        )
    assert "agency" in error.value.message_dict


def test_an_entry_offers_at_least_one_service(administrator):
    with pytest.raises(ValidationError) as error:
        directory.provider_create(actor=administrator, name="Nothing", service_types=[])
    assert "service_types" in error.value.message_dict
    assert not ServiceProvider.objects.filter(name="Nothing").exists()


def test_only_config_managers_change_the_directory(worker, supervisor, entries):
    for person in (worker, supervisor):
        with pytest.raises(Forbidden):
            directory.provider_create(actor=person, name="X", service_types=types("health"))
        with pytest.raises(Forbidden):
            directory.provider_update(actor=person, provider=entries["clinic"], phone="1")
        with pytest.raises(Forbidden):
            directory.service_type_create(actor=person, name="Sport")


def test_update_is_audited_and_refuses_a_stale_version(administrator, entries, places):
    clinic = entries["clinic"]
    directory.provider_update(
        actor=administrator,
        provider=clinic,
        expected_version=clinic.version,
        phone="+256 700 000 002",
        areas=[places["north"]],
    )
    event = AuditEvent.objects.filter(action="directory.update").latest("seq")
    assert event.changes["phone"] == ["+256 700 000 001", "+256 700 000 002"]
    assert event.detail["areas"] == [["N1"], ["N"]]
    with pytest.raises(Conflict):
        directory.provider_update(
            actor=administrator, provider=clinic, expected_version=1, phone="3"
        )


def test_deactivating_needs_a_reason_and_hides_the_entry_from_readers(
    administrator, entries, places
):
    clinic = entries["clinic"]
    with pytest.raises(ValidationError):
        directory.provider_set_active(actor=administrator, provider=clinic, active=False)
    directory.provider_set_active(
        actor=administrator, provider=clinic, active=False, reason="Closed down"
    )
    assert "Lakeside Clinic" not in names(q.directory())
    assert "Lakeside Clinic" in names(q.directory(include_inactive=True))
    assert ServiceProvider.objects.filter(pk=clinic.pk).exists()  # never deleted
    assert AuditEvent.objects.filter(action="directory.deactivate").exists()
    with pytest.raises(Refused):
        directory.provider_set_active(
            actor=administrator, provider=clinic, active=False, reason="x"
        )
    directory.provider_set_active(actor=administrator, provider=clinic, active=True)
    assert "Lakeside Clinic" in names(q.directory())


def test_service_types_are_added_renamed_and_deactivated(administrator):
    sport = directory.service_type_create(actor=administrator, name="Sport and play")
    assert sport.code == "sport_and_play" and sport.is_active
    directory.service_type_update(actor=administrator, service_type=sport, name="Sport")
    directory.service_type_update(actor=administrator, service_type=sport, is_active=False)
    sport.refresh_from_db()
    assert sport.name == "Sport" and not sport.is_active
    assert sport not in q.active_service_types()
    actions = list(
        AuditEvent.objects.filter(object_id=str(sport.pk), object_type="cases.servicetype")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "config.service_type_create",
        "config.service_type_update",
        "config.service_type_update",
    ]
    with pytest.raises(ValidationError):
        directory.service_type_create(actor=administrator, name="Sport", code="sport_and_play")


# --- pages --------------------------------------------------------------------------


def test_case_workers_read_the_directory_and_filter_it(signed_in, worker, entries, places):
    health = ServiceType.objects.get(code="health")
    page = signed_in(worker).get(
        "/cases/directory/", {"service_type": health.pk, "area": places["north_village"].pk}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lakeside Clinic" in html and "Hill Clinic" not in html
    assert "/cases/directory/new/" not in html  # no editing for readers
    assert signed_in(worker).get("/cases/directory/manage/").status_code == 403
    assert signed_in(worker).get("/cases/directory/new/").status_code == 403


def test_administrators_manage_the_directory_through_the_pages(
    signed_in, administrator, entries, places
):
    client = signed_in(administrator)
    assert client.get("/cases/directory/").status_code == 403  # no case.view
    assert "Add a provider" in client.get("/cases/directory/manage/").content.decode()
    health = ServiceType.objects.get(code="health")
    response = client.post(
        "/cases/directory/new/",
        {"name": "Town Hospital", "service_types": [health.pk], "areas": [places["north"].pk]},
    )
    assert response.status_code == 302
    hospital = ServiceProvider.objects.get(name="Town Hospital")
    assert list(hospital.areas.all()) == [places["north"]]
    # A missing name without an agency is shown on the form, nothing saved.
    response = client.post("/cases/directory/new/", {"service_types": [health.pk]})
    assert response.status_code == 200 and "Give the provider" in response.content.decode()
    response = client.post(
        f"/cases/directory/{hospital.pk}/deactivate/", {"reason": "Merged with the clinic"}
    )
    assert response.status_code == 302
    hospital.refresh_from_db()
    assert not hospital.is_active
    client.post(f"/cases/directory/{hospital.pk}/activate/")
    hospital.refresh_from_db()
    assert hospital.is_active


def test_edit_page_saves_with_the_version(signed_in, administrator, entries):
    clinic = entries["clinic"]
    client = signed_in(administrator)
    form = client.get(f"/cases/directory/{clinic.pk}/edit/")
    assert form.status_code == 200
    response = client.post(
        f"/cases/directory/{clinic.pk}/edit/",
        {
            "name": "Lakeside Health Centre",
            "service_types": [t.pk for t in clinic.service_types.all()],
            "version": clinic.version,
        },
    )
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.name == "Lakeside Health Centre"
    assert clinic.areas.count() == 0  # the form sent none: now serves everywhere


def test_service_types_page(signed_in, administrator, worker):
    assert signed_in(worker).get("/cases/service-types/").status_code == 403
    client = signed_in(administrator)
    assert "Legal aid" in client.get("/cases/service-types/").content.decode()
    client.post("/cases/service-types/", {"name": "Sport", "sort_order": 5})
    sport = ServiceType.objects.get(code="sport")
    client.post(f"/cases/service-types/{sport.pk}/edit/", {"name": "Sports", "sort_order": 5})
    client.post(f"/cases/service-types/{sport.pk}/toggle/")
    sport.refresh_from_db()
    assert sport.name == "Sports" and not sport.is_active


def test_navigation_shows_the_directory_to_its_readers_and_keepers(
    signed_in, worker, administrator
):
    assert 'href="/cases/directory/"' in signed_in(worker).get("/cases/").content.decode()
    home = signed_in(administrator).get("/").content.decode()
    assert 'href="/cases/directory/manage/"' in home and 'href="/cases/service-types/"' in home


# --- API ----------------------------------------------------------------------------


def test_api_lists_by_service_type_and_area(client, worker, entries, places):
    response = api(client, worker).get(
        "/api/v1/directory", {"service_type": "health", "area": str(places["north_village"].pk)}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["name"] == "Lakeside Clinic" and item["in_hearth"] is False
    assert item["service_types"] == ["health", "mental_health"]
    assert api(client, worker).get("/api/v1/directory", {"service_type": "nope"}).status_code == 422
    codes = [t["code"] for t in api(client, worker).get("/api/v1/service-types").json()]
    assert "legal_aid" in codes


def test_api_create_and_update_need_config_manage(client, worker, administrator, places):
    body = {
        "name": "Town Hospital",
        "service_types": ["health"],
        "areas": [str(places["north"].pk)],
    }
    assert post(api(client, worker), "/api/v1/directory", body).status_code == 403
    response = post(api(client, administrator), "/api/v1/directory", body)
    assert response.status_code == 201, response.json()
    created = response.json()
    url = f"/api/v1/directory/{created['id']}"
    patch = api(client, administrator).patch(
        url,
        {"version": created["version"], "phone": "123", "service_types": ["health", "nutrition"]},
        content_type="application/json",
    )
    assert patch.status_code == 200, patch.json()
    assert patch.json()["phone"] == "123"
    assert patch.json()["service_types"] == ["health", "nutrition"]
    stale = api(client, administrator).patch(
        url, {"version": created["version"], "phone": "9"}, content_type="application/json"
    )
    assert stale.status_code == 409
    off = api(client, administrator).patch(
        url,
        {"version": patch.json()["version"], "is_active": False, "reason": "Closed"},
        content_type="application/json",
    )
    assert off.status_code == 200 and off.json()["is_active"] is False
    listed = api(client, administrator).get("/api/v1/directory/all").json()
    assert [p["name"] for p in listed["items"]] == ["Town Hospital"]
    assert api(client, worker).get("/api/v1/directory").json()["total"] == 0


def test_an_agency_entry_edited_without_a_name_keeps_the_agency_name(
    signed_in, administrator, entries, agencies
):
    ngo = entries["ngo"]
    response = signed_in(administrator).post(
        f"/cases/directory/{ngo.pk}/edit/",
        {
            "name": "",
            "agency": agencies["ngo"].pk,
            "service_types": [t.pk for t in ngo.service_types.all()],
            "phone": "+256 700 000 003",
            "version": ngo.version,
        },
    )
    assert response.status_code == 302
    ngo.refresh_from_db()
    assert ngo.name == "Children First" and ngo.phone == "+256 700 000 003"
