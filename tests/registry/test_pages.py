"""The registry pages: forms call the services and show refusals where they belong."""

import datetime as dt

import pytest

from hearth.core import clock
from hearth.registry import services
from hearth.registry.models import HouseholdMember, Person, PersonIdentifier, Relationship
from tests import factories

IDS_EMPTY = {"ids-TOTAL_FORMS": "2", "ids-INITIAL_FORMS": "0"}


def person_form(**fields):
    data = {
        "given_name": "Grace",
        "family_name": "Atieno",
        "sex": "female",
        "has_disability": "unknown",
        **IDS_EMPTY,
    }
    data.update(fields)
    return data


def test_register_a_person_with_an_identifier(worker, signed_in, places):
    client = signed_in(worker)
    assert client.get("/registry/people/new/").status_code == 200
    response = client.post(
        "/registry/people/new/",
        person_form(
            date_of_birth="2017-03-04",
            location=places["north_village"].pk,
            **{"ids-0-type": _type_id("birth_registration"), "ids-0-value": "BR 77-12"},
        ),
    )
    grace = Person.objects.get(given_name="Grace")
    assert response.status_code == 302 and response.url == f"/registry/people/{grace.pk}/"
    assert grace.date_of_birth == dt.date(2017, 3, 4) and grace.location == places["north_village"]
    assert PersonIdentifier.objects.get(person=grace).key == "BR7712"
    detail = client.get(response.url).content.decode()
    assert "The person was registered." in detail
    assert "BR 77-12" in detail and "Lakeshore" in detail


def _type_id(code):
    from hearth.registry.models import IdentifierType

    return IdentifierType.objects.get(code=code).pk


def test_missing_required_fields_are_listed_and_nothing_is_saved(worker, signed_in):
    response = signed_in(worker).post("/registry/people/new/", person_form(given_name=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Please correct the following:" in html
    assert 'href="#id_given_name">Given name</a>: This field is required.' in html
    assert not Person.objects.exists()


def test_an_identifier_row_without_a_type_is_flagged(worker, signed_in):
    response = signed_in(worker).post(
        "/registry/people/new/", person_form(**{"ids-1-value": "12345"})
    )
    assert "Choose the type of this identifier." in response.content.decode()
    assert not Person.objects.exists()


def test_a_future_birth_date_is_shown_on_its_field(worker, signed_in):
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    response = signed_in(worker).post("/registry/people/new/", person_form(date_of_birth=tomorrow))
    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == [
        "The date of birth cannot be in the future."
    ]
    assert "The date of birth cannot be in the future." in response.content.decode()
    assert not Person.objects.exists()


def test_an_age_becomes_an_estimated_birth_date(worker, signed_in):
    signed_in(worker).post("/registry/people/new/", person_form(age_years="7"))
    grace = Person.objects.get(given_name="Grace")
    assert grace.birth_date_estimated
    assert grace.age() == 7


def test_a_duplicate_identifier_at_registration_is_refused(worker, signed_in):
    other = factories.person(worker)
    services.identifier_add(actor=worker, person=other, type="national_id", value="CM123456")
    response = signed_in(worker).post(
        "/registry/people/new/",
        person_form(**{"ids-0-type": _type_id("national_id"), "ids-0-value": "cm-123-456"}),
    )
    assert response.status_code == 200
    assert "Another person already has this number" in response.content.decode()
    assert not Person.objects.filter(given_name="Grace").exists()


def test_edit_a_person(worker, signed_in):
    child = factories.person(worker)
    client = signed_in(worker)
    page = client.get(f"/registry/people/{child.pk}/edit/")
    assert page.status_code == 200 and 'value="Amina"' in page.content.decode()
    response = client.post(
        f"/registry/people/{child.pk}/edit/",
        person_form(given_name="Aminah", family_name="Okello", version="1"),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.given_name, child.version) == ("Aminah", 2)


def test_an_edit_from_a_stale_page_is_refused_with_a_reload_message(worker, signed_in):
    child = factories.person(worker)
    services.person_update(actor=worker, person=child, phone="0700 000000")
    response = signed_in(worker).post(
        f"/registry/people/{child.pk}/edit/", person_form(given_name="Old", version="1")
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert Person.objects.get(pk=child.pk).given_name == "Amina"


def test_void_a_person_needs_a_reason(supervisor, worker, signed_in):
    child = factories.person(worker)
    client = signed_in(supervisor)
    assert client.get(f"/registry/people/{child.pk}/void/").status_code == 200
    refused = client.post(f"/registry/people/{child.pk}/void/", {"reason": ""})
    assert "This field is required." in refused.content.decode()
    done = client.post(f"/registry/people/{child.pk}/void/", {"reason": "Registered twice"})
    assert done.status_code == 302 and done.url == "/registry/people/"
    assert Person.objects.get(pk=child.pk).is_voided
    assert signed_in(worker).get(f"/registry/people/{child.pk}/void/").status_code == 403


def test_add_and_void_an_identifier(worker, signed_in):
    child = factories.person(worker)
    client = signed_in(worker)
    url = f"/registry/people/{child.pk}/identifiers/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"type": _type_id("refugee_id"), "value": "RF-1"})
    assert response.status_code == 302
    identifier = PersonIdentifier.objects.get(person=child)
    void_url = f"/registry/people/{child.pk}/identifiers/{identifier.pk}/void/"
    assert client.get(void_url).status_code == 200
    assert client.post(void_url, {"reason": "wrong person"}).status_code == 302
    identifier.refresh_from_db()
    assert identifier.is_voided


def test_a_duplicate_identifier_is_refused_on_the_page(worker, signed_in):
    a, b = factories.person(worker), factories.person(worker, given_name="Brian")
    services.identifier_add(actor=worker, person=a, type="refugee_id", value="RF-1")
    response = signed_in(worker).post(
        f"/registry/people/{b.pk}/identifiers/new/",
        {"type": _type_id("refugee_id"), "value": "rf1"},
    )
    assert response.status_code == 200
    assert "Another person already has this number" in response.content.decode()


def test_relationship_pages(worker, signed_in):
    child = factories.person(worker, given_name="Tendo")
    aunt = factories.person(worker, given_name="Sanyu")
    client = signed_in(worker)
    url = f"/registry/people/{child.pk}/relationships/new/"
    assert client.get(url).status_code == 200
    same = client.post(url, {"relative": child.pk, "kind": "aunt_uncle"})
    assert "A person cannot be their own relative." in same.content.decode()
    bad = client.post(
        url,
        {"relative": aunt.pk, "kind": "aunt_uncle", "start_date": "2099-01-01"},
    )
    assert "The start date cannot be in the future." in bad.content.decode()
    ok = client.post(url, {"relative": aunt.pk, "kind": "aunt_uncle", "is_caregiver": "on"})
    assert ok.status_code == 302
    detail = client.get(f"/registry/people/{child.pk}/").content.decode()
    assert "Caregivers" in detail and "Sanyu" in detail

    rel = Relationship.objects.get(person=child)
    end_url = f"/registry/people/{child.pk}/relationships/{rel.pk}/end/"
    assert client.get(end_url).status_code == 200
    future = client.post(end_url, {"end_date": "2099-01-01"})
    assert "The end date cannot be in the future." in future.content.decode()
    assert client.post(end_url, {"end_date": clock.today().isoformat()}).status_code == 302
    rel.refresh_from_db()
    assert rel.end_date == clock.today()


def test_household_pages(worker, signed_in, places):
    client = signed_in(worker)
    assert client.get("/registry/households/new/").status_code == 200
    response = client.post(
        "/registry/households/new/", {"name": "Atieno family", "location": places["north"].pk}
    )
    assert response.status_code == 302
    household = factories.household(worker, name="Kato family")
    assert client.get(f"/registry/households/{household.pk}/edit/").status_code == 200
    edited = client.post(
        f"/registry/households/{household.pk}/edit/",
        {"name": "Kato-Nakato family", "version": "1"},
    )
    assert edited.status_code == 302
    household.refresh_from_db()
    assert household.name == "Kato-Nakato family"

    mother, son = factories.person(worker, given_name="Rose"), factories.person(worker)
    add_url = f"/registry/households/{household.pk}/members/new/"
    assert client.get(add_url).status_code == 200
    assert (
        client.post(add_url, {"person": mother.pk, "relation_to_head": "head"}).status_code == 302
    )
    second = client.post(add_url, {"person": son.pk, "relation_to_head": "head"})
    assert "This household already has a head." in second.content.decode()
    client.post(add_url, {"person": son.pk, "relation_to_head": "child"})

    detail = client.get(f"/registry/households/{household.pk}/").content.decode()
    assert "Rose" in detail and "Head of household" in detail and "Child of head" in detail

    member = HouseholdMember.objects.get(person=son)
    end_url = f"/registry/households/{household.pk}/members/{member.pk}/end/"
    assert client.get(end_url).status_code == 200
    assert client.post(end_url, {"end_date": clock.today().isoformat()}).status_code == 302
    detail = client.get(f"/registry/households/{household.pk}/").content.decode()
    assert "Former members" in detail


def test_an_invisible_person_cannot_be_added_as_member(worker, worker_elsewhere, signed_in):
    household = factories.household(worker)
    stranger = factories.person(worker_elsewhere, given_name="Stranger")
    response = signed_in(worker).post(
        f"/registry/households/{household.pk}/members/new/",
        {"person": stranger.pk, "relation_to_head": "child"},
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not HouseholdMember.objects.exists()


@pytest.mark.parametrize("hx", [False, True])
def test_live_search_returns_only_the_results_for_htmx(worker, signed_in, hx):
    factories.person(worker, given_name="Zoë", family_name="Müller")
    headers = {"HX-Request": "true"} if hx else {}
    response = signed_in(worker).get("/registry/people/", {"q": "zoe"}, headers=headers)
    html = response.content.decode()
    assert "Zoë" in html
    assert ("<html" in html) is not hx


def test_the_picker_lists_matching_visible_people(worker, worker_elsewhere, signed_in):
    child = factories.person(worker, given_name="Tendo")
    factories.person(worker, given_name="Tenday")
    factories.person(worker_elsewhere, given_name="Tenzin")
    html = (
        signed_in(worker)
        .get("/registry/people/pick/", {"q": "ten", "field": "relative", "exclude": child.pk})
        .content.decode()
    )
    assert 'name="relative"' in html
    assert "Tenday" in html and "Tendo" not in html and "Tenzin" not in html
    empty = signed_in(worker).get("/registry/people/pick/").content.decode()
    assert "Choose one" not in empty


def test_a_hand_edited_picker_address_does_not_fail(worker, signed_in):
    factories.person(worker, given_name="Tendo")
    response = signed_in(worker).get("/registry/people/pick/", {"q": "ten", "exclude": "abc"})
    assert response.status_code == 200 and "Tendo" in response.content.decode()
