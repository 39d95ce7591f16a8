"""The care pages: what each shows, that forms go through the services (refusals
land on the form), and that nobody sees a child's care without the case."""

import datetime as dt

import pytest

from hearth.care.models import CareArrangement, GatekeepingDecision, TracingRequest
from hearth.care.services import reintegration
from hearth.core import clock
from tests.care.conftest import DAY, decide, place


@pytest.fixture
def fostered(worker, case, carer):
    decide(worker, case, decided_on=clock.today() - 30 * DAY)
    return place(worker, case, foster_carer=carer, start_date=clock.today() - 30 * DAY)


def test_the_case_page_shows_the_timeline_and_its_table(signed_in, worker, case, fostered):
    place(worker, case, "parental", legal_basis="none", start_date=clock.today() - 400 * DAY,
          end_date=clock.today() - 31 * DAY, end_current=False)  # fmt: skip
    page = signed_in(worker).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="care"' in page and "<svg" in page
    assert 'class="tl-bar tl-family_based"' in page  # foster care, formal
    assert 'class="tl-bar tl-parental informal"' in page
    assert "Nakato foster family" in page
    assert f"timeline-table-{case.pk}" in page  # the same facts as a table


def test_a_worker_elsewhere_sees_nothing_of_it(signed_in, worker_elsewhere, case, fostered):
    client = signed_in(worker_elsewhere)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/care/arrangements/{fostered.pk}/").status_code == 404
    assert client.get(f"/care/arrangements/{fostered.pk}/reviews/new/").status_code == 404
    assert client.get(f"/api/v1/care/arrangements/{fostered.pk}").status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}/care/arrangements").status_code == 404


def test_recording_an_arrangement_through_the_form(signed_in, worker, case, carer):
    client = signed_in(worker)
    url = f"/care/cases/{case.pk}/arrangements/new/"
    assert client.get(url).status_code == 200
    data = {
        "care_type": _type("foster"),
        "is_formal": "on",
        "start_date": clock.today().isoformat(),
        "foster_carer": carer.pk,
        "legal_basis": "administrative",
        "reasons": _reason_ids("abuse"),
        "decided_by": "Panel",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "needs a gatekeeping decision" in refused.content.decode()
    assert not CareArrangement.objects.exists()
    data["is_emergency"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.endswith("#care")
    assert CareArrangement.objects.get().is_emergency


def _reason_ids(*codes):
    from hearth.care.models import ChangeReason

    return list(ChangeReason.objects.filter(code__in=codes).values_list("pk", flat=True))


def test_recording_gatekeeping_with_options_in_order(signed_in, worker, case):
    client = signed_in(worker)
    url = f"/care/cases/{case.pk}/gatekeeping/new/"
    data = {
        "assessed_on": clock.today().isoformat(),
        "decided_on": clock.today().isoformat(),
        "body": "panel",
        "option_1": "institution",
        "option_2": "kinship",
        "decision": "place",
        "recommended_care_type": _type("institution"),
        "rationale": "Nobody else.",
    }
    refused = client.post(url, data)
    assert "family-based option" in refused.content.decode()
    data["family_options_not_possible"] = "The only relative refused."
    assert client.post(url, data).status_code == 302
    assert GatekeepingDecision.objects.get().options[0]["care_type"] == "institution"


def _type(code):
    from hearth.care.models import CareType

    return CareType.objects.get(code=code).pk


def test_placement_page_review_contact_and_discharge(signed_in, worker, fostered):
    client = signed_in(worker)
    page = client.get(f"/care/arrangements/{fostered.pk}/").content.decode()
    assert "Placement reviews" in page and "Not reviewed yet." in page
    response = client.post(
        f"/care/arrangements/{fostered.pk}/reviews/new/",
        {
            "held_on": clock.today().isoformat(),
            "participants": "Child, carer",
            "decision": "continue",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/care/arrangements/{fostered.pk}/contacts/new/",
        {"contact_on": clock.today().isoformat(), "with_whom": "Mother", "method": "call",
         "initiated_by": "child"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        f"/care/arrangements/{fostered.pk}/discharge/",
        {
            "discharged_on": clock.today().isoformat(),
            "kind": "reintegration",
            "destination": "Home",
        },
    )
    assert response.status_code == 302
    fostered.refresh_from_db()
    assert fostered.end_date == clock.today() and fostered.reviews.count() == 1


def test_the_register_pages(signed_in, worker, administrator, facility, fostered, carer):
    client = signed_in(worker)
    assert "Lakeshore Children" in client.get("/care/facilities/").content.decode()
    detail = client.get(f"/care/facilities/{facility.pk}/").content.decode()
    assert "Capacity by sex and age" in detail
    assert client.get("/care/facilities/new/").status_code == 403
    carer_page = client.get(f"/care/foster-carers/{carer.pk}/").content.decode()
    assert fostered.case.number in carer_page
    admin = signed_in(administrator)
    response = admin.post(
        "/care/facilities/new/",
        {"name": "Hill home", "kind": "small_group_home", "capacity": 8,
         "location": facility.location_id, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    # The administrator keeps the register without seeing any child in it.
    assert "Hill home" in admin.get("/care/facilities/").content.decode()
    page = admin.get(response.url).content.decode()
    assert "Hill home" in page and "None you may see." in page
    assert admin.get(f"/care/facilities/{facility.pk}/").status_code == 200


def test_the_register_is_closed_to_others(signed_in, auditor, facility):
    client = signed_in(auditor)
    assert client.get("/care/facilities/").status_code == 403
    assert client.get(f"/care/facilities/{facility.pk}/").status_code == 403


def test_the_dashboard_draws_and_links_every_number(signed_in, worker, facility, fostered):
    page = signed_in(worker).get("/care/facilities/dashboard/").content.decode()
    assert 'class="chart occupancy"' in page
    assert f'href="/care/facilities/{facility.pk}/"' in page
    assert 'href="/care/facilities/?licence=expiring"' in page
    assert 'href="/care/reviews/?overdue=1"' in page
    assert "Placement reviews due" in page


def test_the_exceptions_report_is_for_seniors(signed_in, worker, supervisor, make_case, facility):
    case = make_case(
        worker,
        child_fields={"given_name": "Baby", "sex": "male",
                      "date_of_birth": clock.today() - dt.timedelta(days=300)},
    )  # fmt: skip
    decide(worker, case, recommended="institution", options=("kinship", "foster", "institution"))
    a = place(
        worker, case, "institution", facility=facility, safeguard_note="Nowhere else tonight."
    )
    assert signed_in(worker).get("/care/exceptions/").status_code == 403
    client = signed_in(supervisor)
    page = client.get("/care/exceptions/").content.decode()
    assert case.number in page and "Awaiting senior approval" in page
    response = client.post(f"/care/arrangements/{a.pk}/safeguard/", {"decision": "approve"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.safeguard == "approved"


def test_reintegration_pages(signed_in, worker, fostered):
    client = signed_in(worker)
    case = fostered.case
    assert (
        client.post(
            f"/care/cases/{case.pk}/reintegration/new/", {"family": "Mother", "goal": "Home"}
        ).status_code
        == 302
    )
    plan = case.reintegration_plans.get()
    form = client.get(f"/care/reintegration/{plan.pk}/assessment/").content.decode()
    assert "Family assessment for reintegration" in form
    refused = client.post(
        f"/care/reintegration/{plan.pk}/assessment/",
        {"meta-assessed_on": clock.today().isoformat(), "meta-recommendation": "return"},
    )
    assert refused.status_code == 200 and "error" in refused.content.decode()
    assert not plan.assessments.exists()
    response = client.post(
        f"/care/reintegration/{plan.pk}/tasks/new/",
        {
            "responsible": "Mother",
            "description": "Prepare a bed",
            "due_on": clock.today().isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Prepare a bed" in page and "Assess the family" in page


def test_recording_a_visit_through_the_page(signed_in, worker, fostered):
    plan = reintegration.reintegration_plan_create(
        actor=worker, case=fostered.case, family="Mother"
    )
    from tests.care.test_reintegration import ANSWERS

    reintegration.family_assessment_record(
        actor=worker, plan=plan, answers=ANSWERS, assessed_on=clock.today(), recommendation="return"
    )
    visits = reintegration.reintegration_return(
        actor=worker, plan=plan, returned_on=clock.today() - 20 * DAY, decided_by="Worker"
    )
    client = signed_in(worker)
    page = client.get(f"/cases/{fostered.case.pk}/").content.decode()
    assert "overdue" in page and "Record the visit" in page
    response = client.post(
        f"/care/reintegration/visits/{visits[0].pk}/",
        {"done_on": clock.today().isoformat(), "contact": "in_person", "child_seen": "on",
         "observations": "All well", "living_at_home": "true", "wellbeing": "well"},
    )  # fmt: skip
    assert response.status_code == 302
    visits[0].follow_up.refresh_from_db()
    assert visits[0].follow_up.done_on == clock.today()


def test_tracing_pages(signed_in, worker, places, case):
    from hearth.cases.services import registration

    registration.consent_record(
        actor=worker,
        case=case,
        kind="tracing",
        given=True,
        given_by="parent",
        given_on=clock.today(),
    )
    client = signed_in(worker)
    response = client.post(
        "/care/tracing/new/",
        {"received_on": clock.today().isoformat(), "enquirer_name": "Mercy Okello",
         "enquirer_relation": "mother", "sought_given_name": "Amina",
         "sought_family_name": "Okello", "sought_sex": "female", "sought_age": 8,
         "location": places["north_village"].pk},
    )  # fmt: skip
    assert response.status_code == 302
    request = TracingRequest.objects.get()
    page = client.get(f"/care/tracing/{request.pk}/").content.decode()
    assert case.number in page and "Confirm the match" in page
    response = client.post(
        f"/care/tracing/{request.pk}/confirm/", {"case": case.pk, "other_request": ""}
    )
    assert response.status_code == 302 and response.url.endswith("#reintegration")
    request.refresh_from_db()
    assert request.status == "matched"
    assert "Tracing" in client.get(f"/cases/{case.pk}/").content.decode()


def test_population_pages_are_for_administrators(signed_in, administrator, worker):
    assert signed_in(worker).get("/care/population/import/").status_code == 403
    client = signed_in(administrator)
    assert client.get("/care/population/").status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "p.csv", b"area_code,year,sex,age_from,age_to,count\nZZ,2026,female,0,4,1\n"
    )
    page = client.post(
        "/care/population/import/", {"file": upload, "dry_run": "on"}
    ).content.decode()
    assert "Line 2" in page and "nothing was imported" in page


def test_my_care_tasks(signed_in, worker, case, carer):
    place(worker, case, foster_carer=carer, is_emergency=True)
    page = signed_in(worker).get("/care/tasks/").content.decode()
    assert "Record the gatekeeping decision" in page


def test_a_discharge_without_date_in_range_is_refused_on_the_form(signed_in, worker, fostered):
    response = signed_in(worker).post(
        f"/care/arrangements/{fostered.pk}/discharge/",
        {"discharged_on": (clock.today() - 100 * DAY).isoformat(), "kind": "transfer"},
    )
    assert response.status_code == 200 and "after the placement starts" in response.content.decode()
    assert not hasattr(CareArrangement.objects.get(pk=fostered.pk), "discharge")


def test_the_closure_form_starts_from_the_current_care_type(signed_in, worker, case, fostered):
    page = signed_in(worker).get(f"/cases/{case.pk}/closure/")
    assert page.status_code == 200
    assert page.context["form"]["care_type_at_closure"].value() == fostered.care_type_id
