import pytest

from tests.forms.samples import unsaved_version


@pytest.fixture
def version():
    return unsaved_version()
