"""Numbers people quote (CP-2026-000001) come from a locked counter per prefix and year."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.core import clock, ids


def test_numbers_run_in_sequence_per_prefix_and_year(db):
    assert ids.yearly_number("CP", year=2026) == "CP-2026-000001"
    assert ids.yearly_number("CP", year=2026) == "CP-2026-000002"
    assert ids.yearly_number("REF", year=2026) == "REF-2026-000001"
    assert ids.yearly_number("CP", year=2027) == "CP-2027-000001"
    assert ids.yearly_number("CP", year=2026) == "CP-2026-000003"


def test_the_year_defaults_to_today(db):
    clock.freeze(dt.datetime(2031, 12, 31, 23, 0, tzinfo=dt.UTC))
    try:
        assert ids.yearly_number("CP") == "CP-2031-000001"
    finally:
        clock.freeze(None)


def test_width_pads_the_number(db):
    assert ids.yearly_number("TR", year=2026, width=3) == "TR-2026-001"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(["CP", "REF", "TR"]), max_size=12))
def test_each_prefix_counts_on_its_own(db, prefixes):
    from hearth.core.models import Counter

    Counter.objects.all().delete()
    seen: dict[str, int] = {}
    for prefix in prefixes:
        seen[prefix] = seen.get(prefix, 0) + 1
        assert ids.yearly_number(prefix, year=2026) == f"{prefix}-2026-{seen[prefix]:06d}"
