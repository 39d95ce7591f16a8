"""After every test that used the database, what is kept as data must equal what
the records derive: the open work items (`cases.work`; checked by the cases and
care suites, whose tests write casework through the services) and the cases' copy
of their child's facts (`cases.child_facts`; checked wherever people and cases
are written). The suites then show that no service (or test helper writing rows
directly) forgot to keep them."""

import pytest

from hearth.cases import child_facts, work


def _after_a_database_test(request) -> bool:
    """Set up after the database fixture, so the check runs before the rollback;
    False when the test did not use the database."""
    names = set(request.fixturenames)
    uses_db = names & {"db", "transactional_db"} or request.node.get_closest_marker("django_db")
    if not uses_db:
        return False
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    return True


@pytest.fixture(autouse=True)
def _work_items_match_records(request):
    checking = _after_a_database_test(request)
    yield
    if checking:
        found = work.differences()
        assert not found["missing"] and not found["extra"], (
            "open work items out of step with the records: "
            f"missing {sorted(found['missing'])[:5]}, extra {sorted(found['extra'])[:5]}"
        )


@pytest.fixture(autouse=True)
def _child_facts_match_people(request):
    checking = _after_a_database_test(request)
    yield
    if checking:
        stale = child_facts.differences()
        assert not stale, f"cases whose copy of the child's facts is stale: {stale[:5]}"
