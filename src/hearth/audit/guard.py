"""The test suite's key to the append-only guard.

SQLite triggers call hearth_audit_locked(), a function Hearth registers on each
connection. Any other program opening the file (the sqlite3 shell, say) lacks the
function, so its UPDATE or DELETE on the trail fails too.

On PostgreSQL UPDATE and DELETE are refused whatever happens; only TRUNCATE, which
the suite uses to empty tables between tests, looks at the session setting
hearth.audit_unlocked. The test suite alone may unlock either."""

import contextlib

from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver

_unlocked = False


def _set_postgres_flag(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('hearth.audit_unlocked', %s, false)", ["on" if _unlocked else "off"]
        )


def unlock_for_tests(value: bool) -> None:
    global _unlocked
    if not settings.TESTING:
        raise RuntimeError("the audit trail can only be unlocked by the test suite")
    _unlocked = value
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "postgresql" and connection.connection is not None:
            # pytest-django blocks the database outside tests; connections
            # opened later pick the flag up when they open.
            with contextlib.suppress(RuntimeError):
                _set_postgres_flag(connection)


def is_unlocked() -> bool:
    return _unlocked


@receiver(connection_created)
def register_guard(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "hearth_audit_locked", 0, lambda: 0 if _unlocked else 1, deterministic=False
        )
    elif connection.vendor == "postgresql" and _unlocked:
        _set_postgres_flag(connection)
