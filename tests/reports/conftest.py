from tests.cases.conftest import case, make_case  # noqa: F401  the same case factory
