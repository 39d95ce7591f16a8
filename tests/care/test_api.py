"""/api/v1 for appropriate care: the same services and access policy as the pages."""

import json

import pytest

from hearth.care.models import CareArrangement
from hearth.core import clock
from tests.care.conftest import DAY, decide


def post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


@pytest.fixture
def api(signed_in, worker):
    return signed_in(worker)


def test_gatekeeping_then_a_placement_then_a_review(api, worker, case, carer):
    url = f"/api/v1/cases/{case.pk}/care/arrangements"
    body = {
        "care_type": "foster",
        "start_date": clock.today(),
        "legal_basis": "administrative",
        "decided_by": "Panel",
        "reasons": ["abuse"],
        "foster_carer": str(carer.pk),
    }
    refused = post(api, url, body)
    assert refused.status_code == 409
    assert "gatekeeping" in refused.json()["errors"]
    gk = post(
        api,
        f"/api/v1/cases/{case.pk}/care/gatekeeping",
        {
            "assessed_on": clock.today(),
            "decided_on": clock.today(),
            "body": "panel",
            "options": [{"care_type": "kinship"}, {"care_type": "foster"}],
            "decision": "place",
            "recommended_care_type": "foster",
            "rationale": "No relative can care for the child now.",
        },
    )
    assert gk.status_code == 201, gk.json()
    made = post(api, url, body)
    assert made.status_code == 201, made.json()
    out = made.json()
    assert out["is_formal"] and out["gatekeeping"] == gk.json()["id"]
    assert out["next_review_on"] == (clock.today() + 90 * DAY).isoformat()
    timeline = api.get(url).json()
    assert [a["care_type"] for a in timeline] == ["foster"]
    review = post(
        api,
        f"/api/v1/care/arrangements/{out['id']}/reviews",
        {"held_on": clock.today(), "participants": "Child, carer", "decision": "continue"},
    )
    assert review.status_code == 201
    discharge = post(
        api,
        f"/api/v1/care/arrangements/{out['id']}/discharge",
        {"discharged_on": clock.today(), "kind": "reintegration"},
    )
    assert discharge.status_code == 201
    assert discharge.json()["arrangement"]["end_date"] == clock.today().isoformat()


def test_the_register_shows_occupancy(api, worker, case, carer, facility, places):
    decide(worker, case, recommended="institution", options=("kinship", "foster", "institution"))
    from tests.care.conftest import place

    place(worker, case, "institution", facility=facility)
    listing = api.get("/api/v1/care/facilities").json()
    assert listing["total"] == 1
    assert listing["items"][0]["occupied"] == 1 and listing["items"][0]["vacancies"] == 1
    assert api.get("/api/v1/care/foster-carers").json()["items"][0]["occupied"] == 0
    new = {"name": "X", "kind": "institution", "capacity": 3, "location": str(places["north"].pk)}
    assert post(api, "/api/v1/care/facilities", new).status_code == 403


def test_a_safeguard_decision_through_the_api(signed_in, worker, supervisor, make_case, facility):
    import datetime as dt

    case = make_case(
        worker,
        child_fields={
            "given_name": "Baby",
            "sex": "female",
            "date_of_birth": clock.today() - dt.timedelta(days=100),
        },
    )
    decide(worker, case, recommended="institution", options=("kinship", "foster", "institution"))
    from tests.care.conftest import place

    a = place(worker, case, "institution", facility=facility, safeguard_note="Found abandoned.")
    url = f"/api/v1/care/arrangements/{a.pk}/safeguard"
    assert post(signed_in(worker), url, {"approve": True}).status_code == 403
    decided = post(signed_in(supervisor), url, {"approve": True})
    assert decided.status_code == 200 and decided.json()["safeguard"] == "approved"


def test_tracing_through_the_api(api, worker, case, places):
    from hearth.cases.services import registration

    registration.consent_record(
        actor=worker, case=case, kind="tracing", given=True, given_by="parent"
    )
    made = post(
        api,
        "/api/v1/care/tracing",
        {
            "kind": "child_sought",
            "location": str(places["north_village"].pk),
            "enquirer_name": "Mercy Okello",
            "enquirer_relation": "mother",
            "sought_given_name": "Amina",
            "sought_family_name": "Okello",
            "sought_sex": "female",
            "sought_age": 8,
        },
    )
    assert made.status_code == 201, made.json()
    request_id = made.json()["id"]
    found = api.get(f"/api/v1/care/tracing/{request_id}/candidates").json()
    assert [c["case"] for c in found] == [str(case.pk)]
    confirmed = post(api, f"/api/v1/care/tracing/{request_id}/confirm", {"case": str(case.pk)})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    plans = api.get(f"/api/v1/cases/{case.pk}/care/reintegration").json()
    assert plans[0]["tracing_match"] == confirmed.json()["id"]


def test_reintegration_through_the_api(api, worker, case):
    from tests.care.test_reintegration import ANSWERS

    plan = post(api, f"/api/v1/cases/{case.pk}/care/reintegration", {"family": "Mother"})
    assert plan.status_code == 201
    from hearth.care.models import ReintegrationPlan
    from hearth.care.services import reintegration

    reintegration.family_assessment_record(
        actor=worker,
        plan=ReintegrationPlan.objects.get(),
        answers=ANSWERS,
        assessed_on=clock.today(),
        recommendation="return",
    )
    returned = post(
        api,
        f"/api/v1/care/reintegration/{plan.json()['id']}/return",
        {"returned_on": clock.today() - 20 * DAY, "decided_by": "Worker"},
    )
    assert returned.status_code == 200, returned.json()
    visits = returned.json()["visits"]
    assert len(visits) == 5 and visits[0]["overdue"] and not visits[1]["overdue"]
    due = api.get("/api/v1/care/reintegration/visits").json()
    assert [v["id"] for v in due][:1] == [visits[0]["id"]]
    done = post(
        api,
        f"/api/v1/care/reintegration/visits/{visits[0]['id']}",
        {
            "done_on": clock.today(),
            "contact": "in_person",
            "observations": "Well",
            "wellbeing": "well",
        },
    )
    assert done.status_code == 200 and done.json()["done_on"] == clock.today().isoformat()
    assert CareArrangement.objects.get().care_type.code == "parental"
