"""The case page reads each kind of row once, by the case, after the access check:
its number of queries does not grow with the case's rows, sections showing the
same rows (referrals in their list and as what stops closing) agree, and kinds a
case does not have are not read at all."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.access import policy
from hearth.cases import queries, sections, work
from hearth.cases.models import FollowUp, Referral, Service, ServiceType
from hearth.core import clock


def _page(user, case) -> tuple[dict, int]:
    policy.forget(user)
    with CaptureQueriesContext(connection) as ctx:
        built = sections.for_case(user, queries.case_for(user, case.pk))
    return {s["key"]: s for s in built}, len(ctx)


def _add_rows(case, n: int) -> None:
    kind = ServiceType.objects.first()
    today = clock.today()
    for i in range(n):
        Service.objects.create(
            case=case, service_type=kind, due_on=today - dt.timedelta(days=i), status="planned"
        )
        FollowUp.objects.create(case=case, due_on=today + dt.timedelta(days=i))
        Referral.objects.create(
            case=case, service_type=kind, reason="Needs help", respond_by=today - dt.timedelta(1)
        )
    work.sync([case.pk])  # written past the services: keep the open work too


def test_the_number_of_queries_does_not_grow_with_the_rows(make_case, worker):
    case = make_case(worker)
    _page(worker, case)  # per-process caches (field sensitivity, settings) warmed
    _add_rows(case, 2)
    _shown, with_two = _page(worker, case)
    _add_rows(case, 8)
    shown, with_ten = _page(worker, case)
    assert with_ten == with_two
    assert len(shown["services"]["services"]) == 10
    assert len(shown["followups"]["todo"]) == 10
    assert len(shown["referrals"]["referrals"]) == 10


def test_sections_agree_on_shared_rows(make_case, worker):
    case = make_case(worker)
    _add_rows(case, 1)
    shown, _n = _page(worker, case)
    (row,) = shown["referrals"]["referrals"]
    assert row["overdue"]  # pending past its answer date
    assert shown["services"]["services"][0]["overdue"] is False  # due today
    # The referral listed is what stops the case from closing.
    assert "referral" in str(shown["closure"]["blocker"])


def test_kinds_the_case_does_not_have_are_not_read(make_case, worker):
    case = make_case(worker)
    _page(worker, case)
    _shown, without = _page(worker, case)
    _add_rows(case, 1)
    _shown, with_referral = _page(worker, case)
    assert with_referral == without + 1  # the referrals, now that there are some


def test_outside_a_page_every_read_is_made(make_case, worker):
    case = make_case(worker)
    assert sections.has(case, "transfers")  # no page being built: the caller reads
    with sections.building():
        assert not sections.has(case, "transfers")
