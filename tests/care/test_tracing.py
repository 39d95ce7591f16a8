"""Family tracing (F8): scored matches among records whose tracing consent stands,
compared field by field in any script; a confirmed match links the records, is
audited and starts reunification."""

import datetime as dt

import pytest

from hearth.audit.models import AuditEvent
from hearth.care import matching, queries
from hearth.care.models import ReintegrationPlan, TracingMatch, TracingRequest
from hearth.care.services import tracing
from hearth.cases.services import registration
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused


def consent(actor, case):
    return registration.consent_record(
        actor=actor, case=case, kind="tracing", given=True, given_by="child", given_on=clock.today()
    )


def child(given, family, sex="female", years=9):
    return {
        "given_name": given,
        "family_name": family,
        "sex": sex,
        "date_of_birth": clock.today() - dt.timedelta(days=365 * years + 100),
    }


@pytest.fixture
def maria(make_case, worker):
    """A girl in care, registered with her name in Cyrillic, tracing consent given."""
    found = make_case(worker, child_fields=child("Мария", "Иванова"))
    consent(worker, found)
    return found


@pytest.fixture
def search(worker, places):
    """Her aunt comes looking for her, spelling her name in Latin letters."""
    return tracing.tracing_request_create(
        actor=worker,
        kind=TracingRequest.Kind.CHILD_SOUGHT,
        enquirer_name="Olga Ivanova",
        enquirer_relation="aunt",
        sought_given_name="Maria",
        sought_family_name="Ivanova",
        sought_sex="female",
        sought_age=9,
        last_seen_location=places["north_village"],
        location=places["north_village"],
    )


def test_a_request_gets_a_number_and_an_audit_event(search):
    assert search.number.startswith("TR-")
    assert AuditEvent.objects.filter(
        action="care.tracing_request", object_id=str(search.pk)
    ).exists()


def test_matches_are_proposed_field_by_field_in_any_script(search, maria, worker):
    found = matching.candidates_for(worker, search)
    assert [c.case for c in found] == [maria]
    best = found[0]
    assert best.score >= 80 and best.visible
    verdicts = {str(f.label): f.verdict for f in best.fields}
    assert verdicts == {"Name": "same", "Age": "similar", "Sex": "same", "Area": "same"}


def test_only_consenting_records_are_searched(search, make_case, worker, maria):
    without = make_case(worker, child_fields=child("Maria", "Ivanova"))
    assert without not in [c.case for c in matching.candidates_for(worker, search)]
    withdrawn = registration.current_consent(maria, "tracing")
    registration.consent_withdraw(actor=worker, consent=withdrawn, withdrawn_on=clock.today())
    assert matching.candidates_for(worker, search) == []


def test_a_different_child_scores_too_low(search, make_case, worker):
    other = make_case(worker, child_fields=child("Moses", "Kato", sex="male", years=3))
    consent(worker, other)
    assert matching.candidates_for(worker, search) == []


def test_confirming_links_the_records_and_starts_reunification(search, maria, worker):
    match = tracing.tracing_match_confirm(
        actor=worker, request=search, case=maria, note="Same child"
    )
    search.refresh_from_db()
    assert search.status == TracingRequest.Status.MATCHED and search.case == maria
    assert match.status == TracingMatch.Status.CONFIRMED and match.decided_by == worker
    plan = ReintegrationPlan.objects.get(case=maria)
    assert plan.tracing_match == match and plan.status == "preparing"
    assert "Olga Ivanova" in plan.family
    assert AuditEvent.objects.filter(action="care.tracing_match_confirm").exists()
    with pytest.raises(Refused, match="no longer open"):
        tracing.tracing_match_confirm(actor=worker, request=search, case=maria)


def test_a_worker_who_cannot_open_the_case_proposes_to_its_worker(
    places, maria, worker, worker_elsewhere
):
    request = tracing.tracing_request_create(
        actor=worker_elsewhere,
        kind=TracingRequest.Kind.CHILD_SOUGHT,
        enquirer_name="Olga Ivanova",
        enquirer_relation="aunt",
        sought_given_name="Maria",
        sought_family_name="Ivanova",
        sought_sex="female",
        location=places["south_village"],
    )
    found = matching.candidates_for(worker_elsewhere, request)
    assert [c.case for c in found] == [maria] and not found[0].visible
    with pytest.raises(Forbidden):
        tracing.tracing_match_confirm(actor=worker_elsewhere, request=request, case=maria)
    match = tracing.tracing_match_propose(actor=worker_elsewhere, request=request, case=maria)
    assert match.status == TracingMatch.Status.PROPOSED
    # The case's worker now sees the request through the match, and confirms it.
    assert queries.tracing_request_for(worker, request.pk) == request
    tracing.tracing_match_confirm(actor=worker, request=request, case=maria)
    match.refresh_from_db()
    assert match.status == TracingMatch.Status.CONFIRMED


def test_rejecting_a_proposal_needs_a_reason(places, maria, worker, worker_elsewhere):
    request = tracing.tracing_request_create(
        actor=worker_elsewhere,
        kind=TracingRequest.Kind.CHILD_SOUGHT,
        enquirer_name="Olga",
        enquirer_relation="aunt",
        sought_given_name="Maria",
        sought_family_name="Ivanova",
        location=places["south_village"],
    )
    match = tracing.tracing_match_propose(actor=worker_elsewhere, request=request, case=maria)
    with pytest.raises(Refused):
        tracing.tracing_match_reject(actor=worker, match=match, note="")
    tracing.tracing_match_reject(actor=worker, match=match, note="Maria's aunt is named Vera.")
    match.refresh_from_db()
    assert match.status == TracingMatch.Status.REJECTED


def test_tracing_for_a_child_needs_tracing_consent(make_case, worker, supervisor):
    found = make_case(worker, child_fields=child("Juma", "Otieno", sex="male"))
    fields = {
        "enquirer_name": "Juma himself",
        "enquirer_relation": "father",
        "sought_given_name": "Peter",
        "sought_family_name": "Otieno",
    }
    with pytest.raises(Refused, match="no consent for family tracing"):
        tracing.tracing_request_create(
            actor=worker, kind=TracingRequest.Kind.RELATIVE_SOUGHT, case=found, **fields
        )
    with pytest.raises(Refused, match="Only a supervisor"):
        tracing.tracing_request_create(
            actor=worker,
            kind=TracingRequest.Kind.RELATIVE_SOUGHT,
            case=found,
            consent_override_reason="The child is alone and cannot give consent.",
            **fields,
        )
    made = tracing.tracing_request_create(
        actor=supervisor,
        kind=TracingRequest.Kind.RELATIVE_SOUGHT,
        case=found,
        consent_override_reason="The child is alone and cannot give consent.",
        **fields,
    )
    assert made.consent_override_reason


def test_two_requests_that_find_each_other(make_case, worker, places):
    juma = make_case(worker, child_fields=child("Juma", "Otieno", sex="male", years=11))
    consent(worker, juma)
    for_child = tracing.tracing_request_create(
        actor=worker,
        kind=TracingRequest.Kind.RELATIVE_SOUGHT,
        case=juma,
        enquirer_name="Juma",
        enquirer_relation="father",
        sought_given_name="Peter",
        sought_family_name="Otieno",
    )
    father = tracing.tracing_request_create(
        actor=worker,
        kind=TracingRequest.Kind.CHILD_SOUGHT,
        enquirer_name="Peter Otieno",
        enquirer_relation="father",
        sought_given_name="Juma",
        sought_family_name="Otieno",
        sought_sex="male",
        sought_age=11,
        location=places["north_village"],
    )
    found = matching.candidates_for(worker, for_child)
    assert [c.other_request for c in found] == [father]
    tracing.tracing_match_confirm(actor=worker, request=for_child, case=juma, other_request=father)
    father.refresh_from_db()
    assert father.status == TracingRequest.Status.MATCHED and father.case == juma
