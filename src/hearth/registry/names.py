"""Name and identifier normalisation for search and matching.

Names arrive in Latin, Cyrillic, Armenian and Khmer scripts, with and without
accents. Both the stored key and the query go through the same folding:
transliterate to ASCII, case-fold, even out spelling variants of transliteration,
keep letters and digits, squeeze spaces."""

import re

from anyascii import anyascii

_not_word = re.compile(r"[^a-z0-9]+")
# Marks that transliteration leaves inside a name (Natal'ya for Наталья): dropped,
# so the name stays one word.
_inner_marks = re.compile(r"['\u2019`\"]")


def fold(text: str | None) -> str:
    """The searchable form of a name. After transliteration, y and i count as one
    letter (and x as ks), because the same name is spelt both ways in Latin:
    Мария gives Mariya and is written Maria, Алексей gives Aleksey or Alexei."""
    if not text:
        return ""
    folded = _inner_marks.sub("", anyascii(text).casefold())
    folded = folded.replace("iy", "i").replace("y", "i").replace("x", "ks")
    return _not_word.sub(" ", folded).strip()


def tokens(text: str | None) -> list[str]:
    return [t for t in fold(text).split(" ") if t]


def identifier_key(value: str | None) -> str:
    """Identifiers compare without spaces, dashes, slashes or case: 'ab-12 3' == 'AB123'."""
    return re.sub(r"[^A-Z0-9]", "", anyascii(value or "").upper())
