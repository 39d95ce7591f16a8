"""The strict Content-Security-Policy allows no inline script, inline style or
event-handler attribute. These checks keep every template to that rule."""

import re
from pathlib import Path

import pytest

import hearth

TEMPLATES = sorted(Path(hearth.__file__).parent.glob("**/templates/**/*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_there_are_templates_to_check():
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "person_detail.html", "import.html", "login.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: "/".join(p.parts[-3:]))
def test_no_inline_script_style_or_handlers(path):
    text = path.read_text(encoding="utf-8")
    for name, rule in [
        ("inline <script>", INLINE_SCRIPT),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("on*= handler", EVENT_HANDLER),
        ("javascript: URL", JAVASCRIPT_URL),
    ]:
        found = rule.search(text)
        assert not found, f"{path.name}: {name}: {text[found.start() : found.start() + 60]!r}"


def test_the_rules_catch_what_they_should():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert STYLE_ATTRIBUTE.search('<p style="color:red">')
    assert EVENT_HANDLER.search('<a onclick="go()">')
    assert not EVENT_HANDLER.search('<p data-confirm="Sure?" class="one">')


def test_pages_carry_the_content_security_policy(client, db):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
