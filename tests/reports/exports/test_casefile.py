"""The PDF case file (H4): what the reader may see, masked as on the case page;
supervision notes only for supervisors; nothing loaded from outside; audited."""

import datetime as dt
import io

import pypdf
import pytest

from hearth.access import policy
from hearth.access.sensitivity import MASK
from hearth.audit.models import AuditEvent
from hearth.cases.models import Assessment
from hearth.cases.services import court, notes, review
from hearth.core import clock
from hearth.forms.models import FormVersion
from hearth.reports import casefile, casefile_sections
from tests.reports.exports.helpers import role

SUMMARY = "Neighbours heard shouting at night"
NOTE = "Mother says the uncle visits on Fridays"
SUPERVISION = "Worker should visit weekly and record it"
DANGER = "Uncle returns drunk at weekends"


@pytest.fixture
def case(make_case, worker, supervisor):
    case = make_case(worker, summary=SUMMARY)
    # An approved assessment as its approval leaves it (the approval flow is the
    # cases app's to test).
    Assessment.objects.create(
        case=case,
        form_version=FormVersion.objects.current("initial_assessment"),
        status=Assessment.Status.APPROVED,
        assessed_on=clock.today(),
        answers={
            "situation": {"summary": "Seen at home", "child_seen": True},
            "safety": {"safe_now": False, "immediate_danger": DANGER},
        },
    )
    notes.note_write(actor=worker, case=case, text=NOTE)
    notes.note_write(actor=supervisor, case=case, text=SUPERVISION, kind="supervision")
    review.review_record(
        actor=worker,
        case=case,
        held_on=clock.today(),
        is_conference=True,
        participants="Teacher Ruth, Dr Amos",
        decisions="Continue weekly visits",
        decision="continue",
    )
    involvement = court.involvement_create(
        actor=worker,
        case=case,
        kind="court",
        institution="Lake District Children's Court",
        file_number="F-77",
    )
    court.order_create(
        actor=worker,
        case=case,
        involvement=involvement,
        kind="supervision",
        court="Lake District Children's Court",
        number="SO-2026-14",
        issued_on=clock.today() - dt.timedelta(days=10),
        terms="Weekly supervision by the social welfare office",
    )
    return case


def test_the_worker_sees_everything_they_may_read(case, worker):
    html = casefile.render_html(worker, case)
    for text in (case.number, "Amina", SUMMARY, NOTE, DANGER, "SO-2026-14", "Teacher Ruth"):
        assert text in html, text
    assert SUPERVISION not in html  # supervision notes are for supervisors
    assert "Confidential" in html


def test_supervision_notes_for_supervisors(case, supervisor):
    html = casefile.render_html(supervisor, case)
    assert SUPERVISION in html and NOTE in html


def test_a_reader_without_clearance_never_sees_level_two(case, manager):
    """The manager (clearance 1) reads names but no level-2 field: not the summary,
    notes, assessment answers, order terms or court file number."""
    html = casefile.render_html(manager, case)
    assert "Amina" in html
    for text in (SUMMARY, NOTE, DANGER, "Weekly supervision by", "F-77", "Continue weekly"):
        assert text not in html, text
    assert MASK in html


def test_a_reader_with_clearance_zero_sees_no_names(case, worker):
    worker.roles.set([role("caseworker", clearance=0)])
    policy.forget(worker)
    html = casefile.render_html(worker, case)
    assert "Amina" not in html and "Okello" not in html
    assert "Teacher Ruth" not in html  # review participants are identifying
    assert case.number in html


def test_the_pdf_shows_masked_values_and_the_footer(case, manager):
    pdf = casefile.casefile_pdf(actor=manager, case=case)
    assert pdf[:5] == b"%PDF-"
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert case.number in text and "Amina" in text
    assert SUMMARY not in text and NOTE not in text and DANGER not in text
    assert MASK in text
    total = len(reader.pages)
    assert f"Page 1 of {total}" in pages[0]
    assert f"Page {total} of {total}" in pages[-1]
    assert all("CONFIDENTIAL" in p.upper() for p in pages)
    assert "Made by Manager" in pages[0]


def test_making_a_case_file_is_audited(case, worker):
    casefile.casefile_pdf(actor=worker, case=case)
    event = AuditEvent.objects.get(action="export.casefile")
    assert event.actor_id == worker.pk and event.case_id == case.pk
    assert "assessments" in event.detail["parts"]


def test_download_from_the_case_page(case, worker, signed_in):
    client = signed_in(worker)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/exports/casefile/{case.pk}.pdf" in page
    response = client.get(f"/exports/casefile/{case.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"{case.number}-case-file.pdf" in response["Content-Disposition"]
    assert response.content[:5] == b"%PDF-"


def test_someone_who_may_not_read_the_case_gets_nothing(case, worker_elsewhere, signed_in):
    response = signed_in(worker_elsewhere).get(f"/exports/casefile/{case.pk}.pdf")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="export.casefile").exists()


def test_the_api_gives_the_same_file(case, worker, worker_elsewhere, client):
    from hearth.accounts import tokens

    _, raw = tokens.token_create(actor=worker, name="tests")
    response = client.get(
        f"/api/v1/cases/{case.pk}/casefile.pdf", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    _, other = tokens.token_create(actor=worker_elsewhere, name="tests")
    response = client.get(
        f"/api/v1/cases/{case.pk}/casefile.pdf", HTTP_AUTHORIZATION=f"Bearer {other}"
    )
    assert response.status_code == 404


def test_other_apps_add_their_parts(case, worker, manager, monkeypatch):
    monkeypatch.setattr(casefile_sections, "_sections", dict(casefile_sections._sections))
    casefile_sections.add(
        "care",
        "Care arrangements",
        "reports/casefile/notes.html",
        lambda reader, case: {"notes": []},
        permission="care.manage",
        order=45,
    )
    keys = [p["key"] for p in casefile_sections.for_case(worker, case)]
    assert keys.index("referrals") < keys.index("care") < keys.index("follow_ups")
    # The manager lacks care.manage: the part is not in their file.
    assert "care" not in [p["key"] for p in casefile_sections.for_case(manager, case)]


def test_nothing_is_fetched_from_outside(case, worker):
    with pytest.raises(ValueError):
        casefile._refuse_fetch("https://example.org/font.woff")
    html = casefile.render_html(worker, case)
    assert "http://" not in html and "https://" not in html
