"""The parts of the PDF case file (H4). Each part is a template and a function that
builds its context for one reader and one case; the reader's permission decides
whether the part is there at all, and masking inside it follows the reader's
clearance like the case page.

Other apps add their parts at import time, e.g. the care app:

    from hearth.reports import casefile_sections
    casefile_sections.add("care", _("Care arrangements"), "care/casefile_care.html",
                          build=care_timeline, permission="care.view", order=45)

`build(reader, case)` returns the template's context (the template gets it as `s`,
with the case as `case`), or None to leave the part out for this case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hearth.access import policy


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    template: str
    build: Callable  # (reader, case) -> dict | None
    permission: str = "case.view"
    order: int = 50


_sections: dict[str, Section] = {}


def add(
    key: str,
    title,
    template: str,
    build: Callable,
    permission: str = "case.view",
    order: int = 50,
) -> None:
    _sections[key] = Section(key, title, template, build, permission, order)


def registered() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def for_case(reader, case) -> list[dict]:
    """The parts of this case's file for this reader, in order, with their context."""
    parts = []
    for section in registered():
        if not policy.has_perm(reader, section.permission):
            continue
        built = section.build(reader, case)
        if built is None:
            continue
        parts.append(
            {"key": section.key, "title": section.title, "template": section.template, "s": built}
        )
    return parts
