"""The configuration pages for forms and lookup lists."""

import json

import pytest

from hearth.forms.models import FormDefinition, FormVersion, Lookup
from tests.forms.samples import household_schema

pytestmark = pytest.mark.django_db

PAGES = [
    "/forms/",
    "/forms/new/",
    "/forms/initial_assessment/",
    "/forms/initial_assessment/edit/",
    "/forms/initial_assessment/versions/1/",
    "/forms/initial_assessment/versions/new/",
    "/forms/lookups/",
    "/forms/lookups/new/",
    "/forms/lookups/risk_likelihood/",
]


@pytest.mark.parametrize("url", PAGES)
def test_administrators_see_every_page(signed_in, administrator, url):
    response = signed_in(administrator).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html and "style=" not in html


@pytest.mark.parametrize(
    "url",
    [
        *PAGES,
        "/forms/initial_assessment/versions/copy/",
        "/forms/initial_assessment/versions/1/publish/",
    ],
)
def test_caseworkers_are_refused(signed_in, worker, url):
    client = signed_in(worker)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_signed_out_visitors_go_to_sign_in(client):
    response = client.get("/forms/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_the_menu_shows_forms_to_administrators_only(signed_in, administrator, worker):
    assert 'href="/forms/"' in signed_in(administrator).get("/").content.decode()
    assert 'href="/forms/"' not in signed_in(worker).get("/").content.decode()


def test_list_shows_forms_with_their_versions(signed_in, administrator):
    html = signed_in(administrator).get("/forms/").content.decode()
    assert "Initial assessment" in html and "Comprehensive assessment" in html
    assert "/forms/initial_assessment/versions/1/" in html


def test_the_version_page_previews_the_form(signed_in, administrator):
    html = signed_in(administrator).get("/forms/initial_assessment/versions/1/").content.decode()
    assert "Identified risks" in html
    assert 'name="risks.identified.0.likelihood"' in html
    assert "Medium: could happen" in html  # choices from the lookup list
    french = signed_in(administrator).get(
        "/forms/initial_assessment/versions/1/", {"language": "fr"}
    )
    assert "Risques identifiés" in french.content.decode()


def test_the_preview_checks_answers_and_saves_nothing(signed_in, administrator):
    client = signed_in(administrator)
    url = "/forms/initial_assessment/versions/1/"
    response = client.post(url, {"risks.identified": "1", "risks.identified.0.risk": "neglect"})
    html = response.content.decode()
    assert "Answer this question." in html
    assert 'href="#id_risks.identified.0.likelihood"' in html
    response = client.post(url, {"risks.identified": "1", "partial": "on"})
    assert "These answers would be accepted" in response.content.decode()
    response = client.post(url, {"risks.identified": "1", "_add_row": "risks.identified"})
    assert 'name="risks.identified.1.risk"' in response.content.decode()


def test_creating_a_form_and_its_first_version(signed_in, administrator):
    client = signed_in(administrator)
    response = client.post(
        "/forms/new/", {"code": "home_visit", "name": "Home visit", "kind": "follow_up"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/forms/home_visit/versions/new/"
    response = client.post(
        "/forms/home_visit/versions/new/",
        {"schema": json.dumps(household_schema()), "notes": "First go"},
    )
    assert response.status_code == 302
    version = FormVersion.objects.get(definition__code="home_visit")
    assert (version.number, version.status, version.notes) == (1, "draft", "First go")


def test_a_draft_with_problems_shows_every_message_and_saves_nothing(signed_in, administrator):
    client = signed_in(administrator)
    schema = household_schema()
    schema["sections"][0]["fields"][0]["type"] = "essay"
    schema["sections"][1]["fields"][0]["min"] = 50
    response = client.post(
        "/forms/initial_assessment/versions/new/", {"schema": json.dumps(schema)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "needs.immediate: unknown type “essay”" in html
    assert "household.size: “min” is larger than “max”." in html
    assert not FormVersion.objects.filter(definition__code="initial_assessment", number=2)


def test_json_that_does_not_parse_says_where(signed_in, administrator):
    response = signed_in(administrator).post(
        "/forms/initial_assessment/versions/new/", {"schema": '{"sections": [}'}
    )
    assert "This is not valid JSON" in response.content.decode()
    assert "line 1, column 15" in response.content.decode()


def test_copy_edit_and_publish(signed_in, administrator):
    client = signed_in(administrator)
    response = client.post("/forms/initial_assessment/versions/copy/")
    assert response["Location"] == "/forms/initial_assessment/versions/2/edit/"
    draft = FormVersion.objects.get(definition__code="initial_assessment", number=2)
    edit = client.get(response["Location"]).content.decode()
    assert "Identified risks" in edit  # the JSON to edit, copied from version 1
    schema = dict(draft.schema, title={"en": "Initial assessment (2026)"})
    response = client.post(
        "/forms/initial_assessment/versions/2/edit/",
        {"schema": json.dumps(schema), "notes": "New title", "version": draft.version},
    )
    assert response.status_code == 302
    response = client.post(
        "/forms/initial_assessment/versions/2/publish/", {"version": draft.version + 1}
    )
    assert response.status_code == 302
    statuses = dict(
        FormVersion.objects.filter(definition__code="initial_assessment").values_list(
            "number", "status"
        )
    )
    assert statuses == {1: "retired", 2: "published"}
    page = client.get("/forms/initial_assessment/versions/2/").content.decode()
    assert "Version 2 is published" in page


def test_publishing_with_problems_shows_them(signed_in, administrator):
    client = signed_in(administrator)
    client.post("/forms/initial_assessment/versions/copy/")
    draft = FormVersion.objects.get(definition__code="initial_assessment", number=2)
    broken = json.loads(json.dumps(draft.schema))
    broken["sections"][0]["fields"][0]["type"] = "essay"
    FormVersion.objects.filter(pk=draft.pk).update(schema=broken)
    page = client.get("/forms/initial_assessment/versions/2/").content.decode()
    assert "cannot be published until" in page
    assert "Check these answers" not in page  # no preview of a broken form
    assert client.post("/forms/initial_assessment/versions/2/", {}).status_code == 200
    response = client.post("/forms/initial_assessment/versions/2/publish/", follow=True)
    assert "unknown type “essay”" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_published_versions_cannot_be_edited(signed_in, administrator):
    response = signed_in(administrator).get("/forms/initial_assessment/versions/1/edit/")
    assert response.status_code == 409


def test_unknown_forms_and_versions_are_404(signed_in, administrator):
    client = signed_in(administrator)
    assert client.get("/forms/no_such_form/").status_code == 404
    assert client.get("/forms/initial_assessment/versions/9/").status_code == 404


def test_lookup_values_are_added_and_changed(signed_in, administrator):
    client = signed_in(administrator)
    response = client.post("/forms/lookups/new/", {"code": "school_kinds", "name": "Schools"})
    assert response["Location"] == "/forms/lookups/school_kinds/"
    response = client.post(
        "/forms/lookups/school_kinds/",
        {"code": "primary", "label": "Primary", "translations": "fr: Primaire\nar: ابتدائي"},
    )
    assert response.status_code == 302
    value = Lookup.objects.get(code="school_kinds").values.get()
    assert value.translations == {"fr": "Primaire", "ar": "ابتدائي"}
    assert value.is_active is False  # the box was not ticked in this post
    edit_url = f"/forms/lookups/school_kinds/values/{value.pk}/edit/"
    assert "fr: Primaire" in client.get(edit_url).content.decode()
    response = client.post(
        edit_url,
        {"label": "Primary school", "translations": "fr Primaire", "version": value.version},
    )
    assert "Line 1" in response.content.decode()
    response = client.post(
        edit_url,
        {"label": "Primary school", "is_active": "on", "version": value.version},
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.label, value.is_active, value.translations) == ("Primary school", True, {})


def test_definition_can_be_stopped(signed_in, administrator):
    client = signed_in(administrator)
    definition = FormDefinition.objects.get(code="initial_assessment")
    response = client.post(
        "/forms/initial_assessment/edit/",
        {"name": "Initial assessment", "kind": "assessment", "version": definition.version},
    )
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.is_active is False
    assert FormVersion.objects.current("initial_assessment") is None
