"""Translatable text in form schemas and lookups (J2).

A label or title is either one string, used whatever the reader's language, or a
dict {language code: text} that a deployment fills in for each language it uses."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.IGNORECASE)


def in_language(text, language: str | None, *, fallback_to_any: bool = True) -> str:
    """`text` in `language` ("fr-ca" also finds "fr"), else English, else the first
    translation given. With fallback_to_any=False only the reader's language counts."""
    if isinstance(text, str):
        return text
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    language = (language or "").lower()
    candidates = [language, language.split("-")[0]]
    if fallback_to_any:
        candidates.append("en")
    for code in candidates:
        value = text.get(code)
        if isinstance(value, str) and value.strip():
            return value
    if not fallback_to_any:
        return ""
    for value in text.values():
        if isinstance(value, str) and value.strip():
            return value
    return ""


def translation_problems(value) -> list[str]:
    """What is wrong with a {language code: text} dict (empty list when nothing)."""
    if not isinstance(value, dict):
        return [_("Translations must be given as {language code: text}.")]
    problems = []
    for code, text in value.items():
        if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
            problems.append(
                _("“%(code)s” is not a language code such as fr or pt-br.") % {"code": code}
            )
        elif not isinstance(text, str) or not text.strip():
            problems.append(_("The %(code)s text is empty.") % {"code": code})
    return problems


def text_problems(value, what: str) -> list[str]:
    """What is wrong with a label or title (`what` names it in the message): it must
    be a non-empty string, or a non-empty dict of translations."""
    if isinstance(value, str):
        return [] if value.strip() else [_("The %(what)s is empty.") % {"what": what}]
    if isinstance(value, dict):
        if not value:
            return [_("The %(what)s has no text in any language.") % {"what": what}]
        return translation_problems(value)
    return [
        _("The %(what)s must be text, or translations as {language code: text}.") % {"what": what}
    ]
