"""Configuration: defaults registered in code, overridden in the database."""

import pytest

from hearth.core import config
from hearth.core.models import Setting


@pytest.fixture
def knob():
    config.register("tests.review_days", 90, "Days between reviews")
    yield "tests.review_days"
    config.DEFAULTS.pop("tests.review_days")


def test_the_default_applies_until_overridden(db, knob):
    assert config.get(knob) == 90
    Setting.objects.create(key=knob, value=30)
    assert config.get(knob) == 30
    Setting.objects.filter(key=knob).update(value={"north": 14})
    assert config.get(knob) == {"north": 14}


def test_an_unregistered_key_is_a_programming_error(db):
    with pytest.raises(KeyError):
        config.get("tests.never_registered")


def test_registry_registers_the_adult_age(db):
    assert config.get("registry.adult_age") == 18
