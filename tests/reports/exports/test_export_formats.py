"""The same rows in CSV, XLSX and JSON; a password makes an AES-256 ZIP that opens
with it and not without; the password is kept nowhere."""

import datetime as dt

import pytest
import pyzipper

from hearth.access.sensitivity import MASK
from hearth.audit.models import AuditEvent
from hearth.reports.models import ExportJob
from tests.reports.exports.helpers import (
    csv_rows,
    file_of,
    json_rows,
    share_consent,
    xlsx_rows,
)

COLUMNS = [
    "number",
    "given_name",
    "sex",
    "date_of_birth",
    "concerns",
    "consent_sharing",
    "risk_level",
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def cases(make_case, worker):
    shared = make_case(worker, concerns=["neglect", "physical_abuse"], risk_level="high")
    share_consent(worker, shared)
    unshared = make_case(worker, risk_level="low")
    return shared, unshared


def test_csv_shows_labels_and_iso_dates(cases, worker, export):
    shared, unshared = cases
    job = export(worker, columns=COLUMNS)
    assert job.file_name.endswith(".csv")
    rows = {r["Case number"]: r for r in csv_rows(job)}
    row = rows[shared.number]
    assert row["Sex"] == "Female"
    assert row["Risk level"] == "High"
    assert row["Date of birth"] == shared.child.date_of_birth.isoformat()
    assert row["Consent for sharing"] == "given"
    assert set(row["Protection concerns"].split("; ")) == {c.name for c in shared.concerns.all()}
    assert rows[unshared.number]["Consent for sharing"] == "none standing"
    assert rows[unshared.number]["Date of birth"] == MASK


def test_xlsx_holds_the_same_rows(cases, worker, export):
    shared, unshared = cases
    job = export(worker, columns=COLUMNS, format="xlsx")
    assert job.file_name.endswith(".xlsx")
    header, *rows = xlsx_rows(file_of(job))
    # Columns come in the allow-list's order, whatever order they were asked in.
    assert header == [
        "Case number", "Protection concerns", "Risk level", "Given name", "Sex",
        "Date of birth", "Consent for sharing",
    ]  # fmt: skip
    found = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert found[shared.number]["Given name"] == "Amina"
    assert found[shared.number]["Date of birth"].date() == shared.child.date_of_birth
    assert found[unshared.number]["Given name"] == MASK


def test_json_keeps_codes(cases, worker, export):
    shared, _ = cases
    job = export(worker, columns=COLUMNS, format="json")
    found = {row["number"]: row for row in json_rows(job)}
    assert found[shared.number]["sex"] == "female"
    assert found[shared.number]["risk_level"] == "high"
    assert found[shared.number]["consent_sharing"] == "given"
    assert found[shared.number]["date_of_birth"] == shared.child.date_of_birth.isoformat()
    assert set(found[shared.number]["concerns"].split("; ")) == {"neglect", "physical_abuse"}


def test_an_empty_export_is_still_a_valid_file(worker, export, db):
    for fmt in ("csv", "xlsx", "json"):
        job = export(worker, format=fmt)
        assert job.status == ExportJob.Status.DONE and job.rows_done == 0
    assert json_rows(job) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_encrypted_zip_opens_with_the_password_only(cases, worker, export, fmt):
    shared, _ = cases
    job = export(worker, columns=COLUMNS, format=fmt, password=PASSWORD)
    path = file_of(job)
    assert job.encrypted and path.suffix == ".zip" and job.file_name.endswith(".zip")
    with pyzipper.AESZipFile(path) as archive:
        (inside,) = archive.infolist()
        assert inside.filename.endswith(f".{fmt}")
        with pytest.raises(RuntimeError):
            archive.read(inside.filename)  # no password
        archive.setpassword(b"not the password at all")
        with pytest.raises(RuntimeError):
            archive.read(inside.filename)
        archive.setpassword(PASSWORD.encode())
        content = archive.read(inside.filename)
    if fmt == "csv":
        assert shared.number in content.decode("utf-8-sig")
    else:
        assert content[:2] == b"PK"  # an XLSX is itself a ZIP
    # Only the encrypted file is left on the server.
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_the_password_is_kept_nowhere(cases, worker, export):
    job = export(worker, columns=COLUMNS, password=PASSWORD)
    row = ExportJob.objects.filter(pk=job.pk).values()[0]
    assert PASSWORD not in str(row)
    for event in AuditEvent.objects.all():
        assert PASSWORD not in f"{event.detail} {event.changes}"


def test_dates_and_times_in_every_format(make_case, worker, export):
    case = make_case(worker)
    share_consent(worker, case)
    columns = ["number", "registration_date", "assessment_due_at"]
    row = csv_rows(export(worker, columns=columns))[0]
    assert row["Registration date"] == case.registration_date.isoformat()
    due = dt.datetime.fromisoformat(row["Assessment due"])
    assert due.tzinfo is None and due.date() >= case.registration_date
    found = json_rows(export(worker, columns=columns, format="json"))[0]
    assert found["registration_date"] == case.registration_date.isoformat()
