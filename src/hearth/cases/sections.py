"""The case page is made of sections that each step contributes (assessments,
plan, services, referrals, follow-ups, care...). A section names the permission
it needs and builds its context from the case already fetched for the reader."""

from collections.abc import Callable
from dataclasses import dataclass

from hearth.access import policy


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    template: str
    build: Callable  # (user, case) -> dict
    permission: str = "case.view"
    order: int = 50


_sections: list[Section] = []


def add(
    key: str, title, template: str, build: Callable, permission: str = "case.view", order: int = 50
) -> None:
    if not any(s.key == key for s in _sections):
        _sections.append(Section(key, title, template, build, permission, order))


def for_case(user, case) -> list[dict]:
    # Sections ask the policy the same questions about this case (may work, may
    # refer...): each is answered once for the page.
    with policy.remembering():
        return [
            {"key": s.key, "title": s.title, "template": s.template, **s.build(user, case)}
            for s in sorted(_sections, key=lambda s: s.order)
            if policy.has_perm(user, s.permission)
        ]
