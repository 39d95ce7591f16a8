"""Fixtures for the export, case file and data quality tests."""

import pytest

from hearth.reports.exports import services


@pytest.fixture(autouse=True)
def export_files(settings, tmp_path):
    """Export files go to a fresh folder for each test."""
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def export(django_capture_on_commit_callbacks):
    """export(actor, **arguments) -> the finished ExportJob: asks for it through the
    service and runs the job the way the queue would, once the request commits."""

    def make(actor, **arguments):
        arguments.setdefault("columns", ["number", "given_name", "family_name", "sex"])
        with django_capture_on_commit_callbacks(execute=True):
            job = services.export_request(actor=actor, **arguments)
        job.refresh_from_db()
        return job

    return make


@pytest.fixture
def api(client):
    """api(user) -> a client sending that user's fresh API token."""
    from hearth.accounts import tokens

    def as_user(user):
        _, raw = tokens.token_create(actor=user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_user
