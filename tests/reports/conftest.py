from tests.cases.conftest import case, make_case  # noqa: F401  the same case factory
from tests.reports.casework_world import casework  # noqa: F401  the H3 hand-built set
from tests.work_check import _child_facts_match_people  # noqa: F401  checked after each test
