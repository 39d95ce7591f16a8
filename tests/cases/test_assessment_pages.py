"""Assessment pages and the approval pages: they render, refuse whom they must, put
each message next to its question, mask what a reader may not see, and record
every read."""

import datetime as dt

import pytest

from hearth.audit.models import AuditEvent
from hearth.cases.models import Approval, Assessment, Case
from hearth.cases.services import approvals
from hearth.cases.services import assessment as assessing
from hearth.core import clock
from tests.cases.planning import initial_answers, submitted_assessment


def form_data(answers: dict, version: int, button: str = "submit") -> dict:
    """What the edit page posts for these answers."""
    data = {"meta-version": version, "meta-note": "", button: "1"}
    for section, fields in answers.items():
        for key, value in fields.items():
            path = f"answers-{section}.{key}"
            if isinstance(value, list) and value and isinstance(value[0], dict):
                data[path] = str(len(value))
                for i, row in enumerate(value):
                    for member, answer in row.items():
                        data[f"{path}.{i}.{member}"] = answer
            elif isinstance(value, bool):
                data[path] = "yes" if value else "no"
            else:
                data[path] = value
    return data


def section_of(html: str, key: str) -> str:
    start = html.index(f'<section id="{key}"')
    return html[start : html.index("</section>", start)]


def test_the_case_page_shows_the_assessment_deadline_overdue(make_case, worker, signed_in):
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    try:
        case = make_case(worker, risk_level="high")
        clock.freeze(dt.datetime(2026, 3, 3, 10, 0))  # 25 hours later
        html = signed_in(worker).get(f"/cases/{case.pk}/").content.decode()
    finally:
        clock.freeze(None)
    section = section_of(html, "assessments")
    assert "Assessment due" in section and "overdue" in section
    assert "Start: Initial assessment" in section
    assert "Start: Comprehensive assessment" in section


def test_readers_who_may_not_work_the_case_see_no_buttons(case, manager, signed_in):
    html = signed_in(manager).get(f"/cases/{case.pk}/").content.decode()
    section = section_of(html, "assessments")
    assert "No assessment yet." in section
    assert "Start:" not in section


def test_start_fill_in_and_submit_an_assessment(case, worker, signed_in):
    client = signed_in(worker)
    response = client.post(f"/cases/{case.pk}/assessments/new/", {"form": "initial_assessment"})
    assessment = Assessment.objects.get(case=case)
    assert response.status_code == 302
    assert response.url == f"/cases/assessments/{assessment.pk}/edit/"
    page = client.get(response.url).content.decode()
    assert 'name="answers-situation.summary"' in page

    # A draft keeps what is there.
    draft = {"situation": {"child_seen": True}}
    response = client.post(response.url, form_data(draft, assessment.version, "save"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers == {"situation": {"child_seen": True}}

    # Submitting shows what is missing next to each question, in group rows too.
    answers = initial_answers()
    del answers["situation"]["summary"]
    answers["risks"]["identified"].append({"risk": "child_labour", "severity": "low"})
    response = client.post(
        f"/cases/assessments/{assessment.pk}/edit/", form_data(answers, assessment.version)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_answers-situation.summary"' in page
    assert 'href="#id_answers-risks.identified.1.likelihood"' in page
    assert "Answer this question." in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT

    response = client.post(
        f"/cases/assessments/{assessment.pk}/edit/",
        form_data(initial_answers(), assessment.version),
    )
    assert response.status_code == 302
    assert response.url == f"/cases/assessments/{assessment.pk}/"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert Approval.objects.get(subject_id=assessment.pk).decision == "pending"


def test_a_stale_page_gets_a_conflict_instead_of_overwriting(case, worker, signed_in):
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    client = signed_in(worker)
    url = f"/cases/assessments/{assessment.pk}/edit/"
    first = {"safety": {"safe_now": True}}
    assert client.post(url, form_data(first, 1, "save")).status_code == 302
    response = client.post(url, form_data({"safety": {"safe_now": False}}, 1, "save"))
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.answers == {"safety": {"safe_now": True}}


def test_reading_is_audited_and_sensitive_answers_are_masked(case, worker, manager, signed_in):
    assessment = submitted_assessment(case, worker)
    url = f"/cases/assessments/{assessment.pk}/"
    page = signed_in(worker).get(url).content.decode()
    assert "A neighbour reported the child" in page
    page = signed_in(manager).get(url).content.decode()
    assert "A neighbour reported the child" not in page
    assert "•••" in page
    assert "Kinship care" in page  # basic answers stay readable
    reads = AuditEvent.objects.filter(action="case.read", case_id=case.pk)
    assert reads.filter(actor_id=manager.pk, detail__page=f"assessment {assessment.pk}").exists()


def test_a_worker_elsewhere_gets_not_found(case, worker, worker_elsewhere, signed_in):
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    client = signed_in(worker_elsewhere)
    assert client.get(f"/cases/assessments/{assessment.pk}/").status_code == 404
    assert client.get(f"/cases/assessments/{assessment.pk}/edit/").status_code == 404
    response = client.post(f"/cases/{case.pk}/assessments/new/", {"form": "initial_assessment"})
    assert response.status_code == 404
    assert Assessment.objects.count() == 1


def test_supervisor_returns_then_approves_from_the_pages(case, worker, supervisor, signed_in):
    assessment = submitted_assessment(case, worker)
    approval = approvals.pending_for("assessment", assessment.pk)
    client = signed_in(supervisor)
    page = client.get(f"/cases/assessments/{assessment.pk}/").content.decode()
    assert f'action="/cases/approvals/{approval.pk}/"' in page  # the decision form

    listing = client.get("/cases/approvals/").content.decode()
    assert case.number in listing and "Initial assessment (version 1)" in listing

    url = f"/cases/approvals/{approval.pk}/"
    response = client.post(url, {"decision": "return", "comment": "", "version": 1})
    assert response.status_code == 200
    assert "Say what needs to change" in response.content.decode()
    response = client.post(url, {"decision": "return", "comment": "Ask the teacher.", "version": 1})
    assert response.status_code == 302

    # The worker sees the comment and can change and resubmit.
    worker_client = signed_in(worker)
    edit = worker_client.get(f"/cases/assessments/{assessment.pk}/edit/").content.decode()
    assert "Ask the teacher." in edit
    assessment.refresh_from_db()
    response = worker_client.post(
        f"/cases/assessments/{assessment.pk}/edit/",
        form_data(initial_answers(), assessment.version),
    )
    assert response.status_code == 302
    second = approvals.pending_for("assessment", assessment.pk)

    client = signed_in(supervisor)
    response = client.post(
        f"/cases/approvals/{second.pk}/", {"decision": "approve", "comment": "", "version": 1}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.ASSESSED
    html = client.get(f"/cases/{case.pk}/").content.decode()
    history = section_of(html, "approvals")
    assert "Ask the teacher." in history and "Approved" in history


def test_the_requester_withdraws_from_the_page(case, worker, signed_in):
    assessment = submitted_assessment(case, worker)
    client = signed_in(worker)
    page = client.get(f"/cases/assessments/{assessment.pk}/").content.decode()
    assert "Withdraw the request" in page
    response = client.post(f"/cases/assessments/{assessment.pk}/withdraw/")
    assert response.url == f"/cases/assessments/{assessment.pk}/edit/"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_one_cannot_decide_ones_own_request_on_the_page(case, supervisor, signed_in):
    assessment = submitted_assessment(case, supervisor)
    approval = approvals.pending_for("assessment", assessment.pk)
    client = signed_in(supervisor)
    page = client.get(f"/cases/approvals/{approval.pk}/").content.decode()
    assert "your own request" in page
    response = client.post(
        f"/cases/approvals/{approval.pk}/", {"decision": "approve", "comment": "", "version": 1}
    )
    assert response.status_code == 200
    assert "cannot approve your own request" in response.content.decode()
    approval.refresh_from_db()
    assert approval.decision == Approval.Decision.PENDING


@pytest.mark.parametrize("user", ["worker", "manager", "clerk"])
def test_approvals_waiting_is_for_those_who_approve(user, request, signed_in):
    person = request.getfixturevalue(user)
    client = signed_in(person)
    assert client.get("/cases/approvals/").status_code == 403
    assert "Approvals waiting" not in client.get("/").content.decode()


def test_supervisors_find_approvals_waiting_in_the_menu(supervisor, signed_in):
    client = signed_in(supervisor)
    assert 'href="/cases/approvals/"' in client.get("/").content.decode()
    page = client.get("/cases/approvals/").content.decode()
    assert "Nothing is waiting for your approval." in page


def test_an_added_row_is_still_there_when_the_page_is_posted_again(case, worker, signed_in):
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    client = signed_in(worker)
    url = f"/cases/assessments/{assessment.pk}/edit/"
    data = form_data({"risks": {"identified": [{"risk": "neglect"}]}}, 1, "save")
    del data["save"]
    data["answers-_add_row"] = "risks.identified"
    page = client.post(url, data).content.decode()
    assert 'name="answers-risks.identified.1.risk"' in page
    assert 'name="answers-risks.identified" value="2"' in page
    assessment.refresh_from_db()
    assert assessment.answers == {}  # adding a row saves nothing

    data = form_data(
        {"risks": {"identified": [{"risk": "neglect"}, {"risk": "child_labour"}]}}, 1, "save"
    )
    assert client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert [r["risk"] for r in assessment.answers["risks"]["identified"]] == [
        "neglect",
        "child_labour",
    ]
