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


def test_inside_a_page_each_setting_is_read_once(db, knob):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Setting.objects.create(key=knob, value=30)
    with config.remembering(), CaptureQueriesContext(connection) as ctx:
        assert [config.get(knob) for _i in range(3)] == [30, 30, 30]
    assert len(ctx) == 1
    Setting.objects.filter(key=knob).update(value=14)
    assert config.get(knob) == 14  # outside: read afresh


def test_reading_pages_share_settings_and_writing_ones_do_not(rf, knob):
    from hearth.web.middleware import ReadSettingsOnceMiddleware

    seen = []

    def view(request):
        seen.append(config._remembered.get() is not None)
        return None

    middleware = ReadSettingsOnceMiddleware(view)
    middleware(rf.get("/"))
    middleware(rf.post("/"))
    assert seen == [True, False]
    assert config._remembered.get() is None  # nothing left behind
