"""Messages in the recipient's language, not the sender's.

A notification is read by someone else, later, possibly in another language than
the person whose action caused it. Callers therefore pass a lazy string
(gettext_lazy) or a callable, and it is turned into text once per recipient while
that recipient's language is active:

    notify(recipients=[worker], kind="assignment",
           title=lambda user: _("Case %(number)s was assigned to you") % {"number": n})

A callable may take the recipient (to use their name, say) or no argument at all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def language_of(user) -> str:
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def speaking_to(user):
    """Run the block in `user`'s language."""
    with translation.override(language_of(user)):
        yield


def _takes_recipient(fn: Callable) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return any(p.kind in positional or p.kind is inspect.Parameter.VAR_POSITIONAL for p in params)


def in_language_of(user, message) -> str:
    """`message` (text, lazy text or callable) as text in `user`'s language."""
    if message is None:
        return ""
    with speaking_to(user):
        if callable(message):
            message = message(user) if _takes_recipient(message) else message()
        return str(message)
