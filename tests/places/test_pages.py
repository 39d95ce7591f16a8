"""The location pages: list, CSV upload with a dry run, level names."""

from django.core.files.uploadedfile import SimpleUploadedFile

from hearth.places.models import Location, LocationLevel

GOOD = b"code,name,parent_code\nE,East,\nE1,River District,E\n"


def upload(client, content: bytes, dry_run: bool):
    data = {"file": SimpleUploadedFile("areas.csv", content, content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/places/import/", data)


def test_the_list_shows_locations_with_level_names(administrator, places, signed_in):
    page = signed_in(administrator).get("/places/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lake District" in html and "Sub-county" in html
    found = signed_in(administrator).get("/places/", {"q": "lake"}).content.decode()
    assert "Lake District" in found and "Hill District" not in found


def test_the_pages_are_for_location_managers_only(worker, places, signed_in):
    client = signed_in(worker)
    for url in ("/places/", "/places/import/", "/places/levels/"):
        assert client.get(url).status_code == 403


def test_a_dry_run_upload_reports_and_changes_nothing(administrator, places, signed_in):
    response = upload(signed_in(administrator), GOOD, dry_run=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dry run: the file is good" in html
    assert "It would add 2, change 0 and leave 0 unchanged." in html
    assert not Location.objects.filter(code="E").exists()


def test_an_upload_imports(administrator, places, signed_in):
    response = upload(signed_in(administrator), GOOD, dry_run=False)
    assert response.status_code == 200
    assert "Added 2, changed 0, unchanged 0." in response.content.decode()
    assert Location.objects.get(code="E1").path == "/E/E1/"


def test_bad_lines_are_listed_on_the_page(administrator, places, signed_in):
    content = GOOD + b"E2,,E\nE1,Again,E\n"
    html = upload(signed_in(administrator), content, dry_run=False).content.decode()
    assert "2 problems found — nothing was imported" in html
    assert "Line 4: the name is missing." in html
    assert "Line 5: code E1 already appears on line 3." in html
    assert not Location.objects.filter(code="E").exists()


def test_a_file_not_in_utf8_is_refused_with_a_clear_message(administrator, places, signed_in):
    content = "code,name,parent_code\nE,Северный,\n".encode("cp1251")
    html = upload(signed_in(administrator), content, dry_run=False).content.decode()
    assert "The file is not text in UTF-8" in html
    assert not Location.objects.filter(code="E").exists()


def test_an_upload_without_a_file_says_so(administrator, places, signed_in):
    response = signed_in(administrator).post("/places/import/", {"dry_run": "on"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_level_names_page_adds_and_renames(administrator, places, signed_in):
    client = signed_in(administrator)
    page = client.get("/places/levels/")
    assert page.status_code == 200 and "Sub-county" in page.content.decode()
    response = client.post("/places/levels/", {"depth": 4, "name": "Village"})
    assert response.status_code == 302
    assert LocationLevel.objects.get(depth=4).name == "Village"
    client.post("/places/levels/", {"depth": 3, "name": "Ward"})
    assert LocationLevel.objects.get(depth=3).name == "Ward"
    refused = client.post("/places/levels/", {"depth": 6, "name": "Plot"})
    assert refused.status_code == 200
    assert "Add level 5 first." in refused.content.decode()
    assert not LocationLevel.objects.filter(depth=6).exists()
