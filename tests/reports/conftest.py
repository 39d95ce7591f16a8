from tests.cases.conftest import case, make_case  # noqa: F401  the same case factory
from tests.reports.casework_world import casework  # noqa: F401  the H3 hand-built set
