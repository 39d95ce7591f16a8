"""Strict Content-Security-Policy: no inline script, style or event handler in any
template, and every response says so to the browser."""

import re
from pathlib import Path

import pytest

import hearth

TEMPLATES = sorted(Path(hearth.__file__).parent.glob("**/templates/**/*.html"))

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def test_templates_are_found():
    assert len(TEMPLATES) > 20
    assert any(path.name == "base.html" for path in TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: "/".join(p.parts[-3:]))
def test_no_inline_script_style_or_handlers(path):
    text = path.read_text()
    for rule, what in (
        (INLINE_SCRIPT, "inline <script> (only <script src=...>)"),
        (STYLE_ATTRIBUTE, "style= attribute"),
        (STYLE_ELEMENT, "<style> element"),
        (EVENT_HANDLER, "on*= event handler attribute"),
        (SCRIPT_URL, "javascript: URL"),
    ):
        found = rule.search(text)
        assert not found, f"{path.name}: {what}: {text[found.start() : found.start() + 60]!r}"


def test_the_checks_would_catch_offences():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert STYLE_ATTRIBUTE.search('<p style="color:red">')
    assert EVENT_HANDLER.search('<img src=x onerror="alert(1)">')
    assert not EVENT_HANDLER.search('<option value="one">')


def check_policy(response):
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_pages_carry_the_policy(client, worker, signed_in):
    check_policy(client.get("/accounts/login/"))
    client = signed_in(worker)
    for path in ("/", "/registry/people/", "/accounts/me/", "/accounts/me/two-factor/set-up/"):
        response = client.get(path)
        assert response.status_code == 200, path
        check_policy(response)


def test_api_and_errors_carry_it_too(client, db):
    check_policy(client.get("/api/v1/me"))
    check_policy(client.get("/no-such-page/"))
