"""A national DHIS2 sender, mappings, and a fake DHIS2 server on loopback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hearth.accounts.models import Role
from hearth.reports.dhis2 import services
from tests.cases.conftest import case, make_case  # noqa: F401  the same case factory
from tests.conftest import make_user

# UIDs in DHIS2's shape: a letter then ten letters or digits.
DE_OPEN = "deOpenCase1"
DE_REGISTERED = "deRegister1"
COC_DEFAULT = "HllvX50cXC0"  # DHIS2's "default" category option combo
COC_FEMALE = "cocFemale01"
COC_MALE = "cocMale0001"
COC_F_0_4 = "cocF0to4000"
OU_NORTH = "ouNorth0001"
OU_LAKE = "ouLakeDist1"
OU_SOUTH = "ouSouth0001"


@pytest.fixture
def national(agencies):
    """Someone who reports on the whole country and sends to DHIS2."""
    role, _ = Role.objects.get_or_create(
        code="national_reporter",
        defaults={
            "name": "National reporter",
            "scope": "all",
            "permissions": ["report.view", "dhis2.manage", "api.use"],
        },
    )
    return make_user("national", "national_reporter", agency=agencies["gov"])


@pytest.fixture
def org_units(national, places):
    return {
        "north": services.org_unit_mapping_create(
            actor=national, location=places["north"], org_unit=OU_NORTH
        ),
        "south": services.org_unit_mapping_create(
            actor=national, location=places["south"], org_unit=OU_SOUTH
        ),
    }


class FakeDhis2:
    """A DHIS2 stand-in on 127.0.0.1 and a free port: answers each POST with the
    next (status, body) in `answers` and keeps what it was sent."""

    def __init__(self):
        self.answers: list[tuple[int, object]] = []
        self.received: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                fake.received.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": json.loads(self.rfile.read(length) or b"null"),
                    }
                )
                status, body = fake.answers.pop(0) if fake.answers else (200, {})
                raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_dhis2():
    with FakeDhis2() as fake:
        yield fake


def free_port_without_server() -> int:
    """A loopback port nothing listens on (bound, read, closed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def api(client):
    """api(user) -> a client sending that user's fresh token."""
    from hearth.accounts import tokens

    def as_user(user):
        _, raw = tokens.token_create(actor=user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_user


@pytest.fixture
def registered(
    make_case,  # noqa: F811  the fixture imported above
    worker,
    worker_elsewhere,
    places,
    national,
    org_units,
):
    """Two cases registered in February 2026 (north and south) and the total of
    cases.registered mapped."""
    import datetime as dt

    from hearth.core import clock

    clock.freeze(dt.datetime(2026, 2, 20, 12, 0))
    try:
        make_case(worker, registration_date=dt.date(2026, 2, 2))
        make_case(worker_elsewhere, registration_date=dt.date(2026, 2, 3),
                  location=places["south_village"])  # fmt: skip
    finally:
        clock.freeze(None)
    return services.data_element_mapping_create(
        actor=national, indicator_code="cases.registered", disaggregation="total",
        data_element=DE_REGISTERED, category_option_combo=COC_DEFAULT,
    )  # fmt: skip
