"""Whatever sequence of arrangements workers try to record, the child's timeline
never holds two episodes on one day, has at most one open episode, and its derived
facts (did an episode bring the child into formal care? what came straight after
it?) equal a fresh reading of the whole timeline."""

import contextlib
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.care.models import CareArrangement
from hearth.care.services import arrangements
from hearth.core import clock
from hearth.core.errors import Refused
from hearth.core.models import Setting
from tests.care.conftest import decide

# (type, formal): an informal kinship or parental episode, or formal independent living.
TYPES = [("kinship", False), ("parental", False), ("supervised_independent", True)]
episode = st.tuples(
    st.sampled_from(TYPES),
    st.integers(min_value=0, max_value=60),  # start, days after the first possible day
    st.one_of(st.none(), st.integers(min_value=0, max_value=30)),  # length, or still open
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(attempts=st.lists(episode, max_size=7))
def test_the_timeline_stays_consistent(attempts, worker, case):
    first = clock.today() - dt.timedelta(days=100)
    with transaction.atomic():
        Setting.objects.update_or_create(key="care.gatekeeping_days", defaults={"value": 1000})
        decide(worker, case, decided_on=first - dt.timedelta(days=1), recommended="foster")
        for (code, formal), offset, length in attempts:
            start = first + dt.timedelta(days=offset)
            end = None if length is None else start + dt.timedelta(days=length)
            with contextlib.suppress(Refused, ValidationError):
                arrangements.arrangement_start(
                    actor=worker,
                    case=case,
                    care_type=code,
                    start_date=start,
                    end_date=end,
                    legal_basis="administrative" if formal else "none",
                    decided_by="Panel",
                    reasons=["neglect"],
                )
        check(case.child)
        transaction.set_rollback(True)


def check(child):
    items = list(
        CareArrangement.objects.filter(child=child, is_voided=False).order_by("start_date")
    )
    assert sum(1 for a in items if a.end_date is None) <= 1
    for before, after in zip(items, items[1:], strict=False):
        assert before.end_date is not None and before.end_date < after.start_date
    for index, a in enumerate(items):
        previous = items[index - 1] if index else None
        nxt = items[index + 1] if index + 1 < len(items) else None
        continued = (
            previous is not None
            and previous.is_formal
            and previous.end_date + dt.timedelta(days=1) == a.start_date
        )
        assert a.entered_formal_care == (a.is_formal and not continued)
        joined = nxt is not None and a.end_date + dt.timedelta(days=1) == nxt.start_date
        assert a.followed_by_id == (nxt.pk if joined else None)
