"""The SQLite side of the append-only guard.

SQLite triggers call hearth_audit_locked(), a function Hearth registers on each
connection. Any other program opening the file (the sqlite3 shell, say) lacks the
function, so its UPDATE or DELETE on the trail fails too. The test suite alone may
unlock it, to empty the database between tests."""

from django.conf import settings
from django.db.backends.signals import connection_created
from django.dispatch import receiver

_unlocked = False


def unlock_for_tests(value: bool) -> None:
    global _unlocked
    if not settings.TESTING:
        raise RuntimeError("the audit trail can only be unlocked by the test suite")
    _unlocked = value


@receiver(connection_created)
def register_guard(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "hearth_audit_locked", 0, lambda: 0 if _unlocked else 1, deterministic=False
        )
