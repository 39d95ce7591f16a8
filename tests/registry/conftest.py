from tests.work_check import _child_facts_match_people  # noqa: F401  checked after each test
