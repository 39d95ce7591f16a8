import pytest


@pytest.fixture
def with_email(worker, supervisor, worker_elsewhere):
    """The fixed people, with email addresses (they have none by default)."""
    for user in (worker, supervisor, worker_elsewhere):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return worker, supervisor, worker_elsewhere


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (queued email), as production would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
