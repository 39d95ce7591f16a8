import pytest

from hearth.accounts import tokens


@pytest.fixture
def api(client):
    """api(user, read_only=False) -> a client sending that user's fresh token."""

    def as_user(user, *, read_only=False):
        _, raw = tokens.token_create(actor=user, name="tests", read_only=read_only)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_user
