"""After every test that used the database, the stored open work items must equal
what the case records derive: the whole suite then shows that no service (or test
helper writing rows directly) forgot to keep them."""

import pytest

from hearth.cases import work


@pytest.fixture(autouse=True)
def _work_items_match_records(request):
    names = set(request.fixturenames)
    uses_db = names & {"db", "transactional_db"} or request.node.get_closest_marker("django_db")
    if not uses_db:
        yield
        return
    # Set up after the database fixture, so this runs before it is rolled back.
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    yield
    found = work.differences()
    assert not found["missing"] and not found["extra"], (
        f"open work items out of step with the records: missing {sorted(found['missing'])[:5]}, "
        f"extra {sorted(found['extra'])[:5]}"
    )
