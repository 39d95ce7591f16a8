"""The DHIS2 pages: only for dhis2.manage; mapping, importing, settings (the
password never shown back), prepare, download, send and history."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hearth.audit.models import AuditEvent
from hearth.reports.dhis2 import services
from hearth.reports.models import DataElementMapping, Dhis2Submission, OrgUnitMapping
from tests.reports.dhis2.test_push import OLD_SUMMARY

PAGES = [
    "/reports/dhis2/",
    "/reports/dhis2/mappings/",
    "/reports/dhis2/mappings/new/",
    "/reports/dhis2/mappings/import/",
    "/reports/dhis2/org-units/",
    "/reports/dhis2/org-units/new/",
    "/reports/dhis2/org-units/import/",
    "/reports/dhis2/server/",
    "/reports/dhis2/prepare/",
    "/reports/dhis2/prepare/?period=2026Q1",
    "/reports/dhis2/submissions/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(("who", "status"), [("worker", 403), ("supervisor", 403),
                                             ("auditor", 403), ("manager", 200),
                                             ("administrator", 200)])  # fmt: skip
def test_only_dhis2_managers_see_the_pages(request, signed_in, url, who, status):
    user = request.getfixturevalue(who)
    assert signed_in(user).get(url).status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/reports/dhis2/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_caseworker_cannot_post_either(signed_in, worker, places):
    client = signed_in(worker)
    response = client.post("/reports/dhis2/org-units/new/",
                           {"location": places["north"].pk, "org_unit": "ouNorth0001"})  # fmt: skip
    assert response.status_code == 403
    assert client.post("/reports/dhis2/send/", {"period": "2026Q1"}).status_code == 403
    assert not OrgUnitMapping.objects.exists()


def test_mapping_and_area_pages(signed_in, national, places):
    client = signed_in(national)
    response = client.post("/reports/dhis2/mappings/new/", {
        "indicator_code": "cases.registered", "disaggregation": "sex=female",
        "data_element": "deRegister1", "category_option_combo": "cocFemale01", "active": "on",
    })  # fmt: skip
    assert response.status_code == 302
    row = DataElementMapping.objects.get()
    assert "sex=female" in client.get("/reports/dhis2/mappings/").content.decode()
    refused = client.post(f"/reports/dhis2/mappings/{row.pk}/", {
        "indicator_code": "cases.registered", "disaggregation": "sex=female",
        "data_element": "1bad", "category_option_combo": "cocFemale01", "active": "on",
    })  # fmt: skip
    assert refused.status_code == 200 and "11 characters" in refused.content.decode()
    client.post(f"/reports/dhis2/mappings/{row.pk}/void/", {"reason": "Wrong"})
    assert DataElementMapping.objects.get().is_voided
    assert client.get(f"/reports/dhis2/mappings/{row.pk}/").status_code == 404

    client.post("/reports/dhis2/org-units/new/",
                {"location": places["north"].pk, "org_unit": "ouNorth0001"})  # fmt: skip
    unit = OrgUnitMapping.objects.get()
    client.post(f"/reports/dhis2/org-units/{unit.pk}/", {"org_unit": "ouNorth0002"})
    unit.refresh_from_db()
    assert unit.org_unit == "ouNorth0002"
    assert "North" in client.get("/reports/dhis2/org-units/").content.decode()


def test_csv_import_page_dry_run_then_import(signed_in, national, places):
    client = signed_in(national)

    def upload(dry_run):
        data = {"file": SimpleUploadedFile("units.csv", b"area_code,org_unit\nN,ouNorth0001\n")}
        if dry_run:
            data["dry_run"] = "on"
        return client.post("/reports/dhis2/org-units/import/", data)

    assert "Dry run: the file is good" in upload(True).content.decode()
    assert not OrgUnitMapping.objects.exists()
    assert "Imported" in upload(False).content.decode()
    assert OrgUnitMapping.objects.count() == 1


def test_server_password_is_never_shown(signed_in, national):
    client = signed_in(national)
    client.post("/reports/dhis2/server/", {
        "base_url": "https://dhis2.example.gov", "auth": "basic", "username": "hearth",
        "secret": "TopSecretPassphrase",
    })  # fmt: skip
    page = client.get("/reports/dhis2/server/").content.decode()
    assert "dhis2.example.gov" in page
    assert "TopSecretPassphrase" not in page
    assert "A password or token is stored" in page


def test_prepare_download_and_send(signed_in, national, registered, fake_dhis2):
    client = signed_in(national)
    services.server_configure(actor=national, base_url=fake_dhis2.url, username="hearth",
                              secret="pw")  # fmt: skip
    page = client.get("/reports/dhis2/prepare/?period=202602").content.decode()
    assert "ouNorth0001" in page and "Cases registered" in page and "North" in page

    download = client.get("/reports/dhis2/prepare/download/?period=202602")
    assert download["Content-Disposition"] == 'attachment; filename="dhis2-202602.json"'
    body = json.loads(download.content)
    assert {v["value"] for v in body["dataValues"]} == {"1"}
    assert AuditEvent.objects.filter(action="dhis2.payload_download").exists()

    fake_dhis2.answers.append((200, OLD_SUMMARY))
    sent = client.post("/reports/dhis2/send/", {"period": "202602"})
    submission = Dhis2Submission.objects.get()
    assert sent["Location"] == f"/reports/dhis2/submissions/{submission.pk}/"
    result = client.get(sent["Location"]).content.decode()
    assert "Imported" in result and "Import process completed successfully" in result
    assert "202602" in client.get("/reports/dhis2/submissions/").content.decode()


def test_bad_period_is_explained(signed_in, national):
    page = signed_in(national).get("/reports/dhis2/prepare/?period=2026-11").content.decode()
    assert "202611 (month)" in page


def test_lists_use_a_constant_number_of_queries(signed_in, national, places,
                                                django_assert_max_num_queries):  # fmt: skip
    client = signed_in(national)
    client.get("/reports/dhis2/mappings/")  # warm the session and caches

    def add(n):
        for i in range(n):
            DataElementMapping.objects.create(
                indicator_code="cases.registered", dimension_1="status", value_1=f"s{i}",
                data_element=f"de{i:09d}", category_option_combo="HllvX50cXC0",
            )  # fmt: skip
            Dhis2Submission.objects.create(period="202601", server_url="x", payload={},
                                           created_by=national)  # fmt: skip

    add(2)
    with django_assert_max_num_queries(30) as few:
        client.get("/reports/dhis2/mappings/")
        client.get("/reports/dhis2/submissions/")
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/reports/dhis2/mappings/")
        client.get("/reports/dhis2/submissions/")
