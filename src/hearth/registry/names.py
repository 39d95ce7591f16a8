"""Name and identifier normalisation for search and matching.

Names arrive in Latin, Cyrillic, Armenian and Khmer scripts, with and without
accents. Both the stored key and the query go through the same folding:
transliterate to ASCII, case-fold, keep letters and digits, squeeze spaces."""

import re

from anyascii import anyascii

_not_word = re.compile(r"[^a-z0-9]+")


def fold(text: str | None) -> str:
    if not text:
        return ""
    return _not_word.sub(" ", anyascii(text).casefold()).strip()


def tokens(text: str | None) -> list[str]:
    return [t for t in fold(text).split(" ") if t]


def identifier_key(value: str | None) -> str:
    """Identifiers compare without spaces, dashes, slashes or case: 'ab-12 3' == 'AB123'."""
    return re.sub(r"[^A-Z0-9]", "", anyascii(value or "").upper())
