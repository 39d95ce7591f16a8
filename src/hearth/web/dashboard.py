"""The start page is made of panels that apps contribute (my cases, my tasks,
recently registered people...). Each panel names the permission it needs and
builds its own context from the access policy's visible set."""

from collections.abc import Callable
from dataclasses import dataclass

from hearth.access import policy


@dataclass(frozen=True)
class Panel:
    template: str
    permission: str
    build: Callable  # user -> dict
    order: int = 50


_panels: list[Panel] = []


def add_panel(template: str, permission: str, build: Callable, order: int = 50) -> None:
    if not any(p.template == template for p in _panels):
        _panels.append(Panel(template, permission, build, order))


def home_context(user) -> dict:
    panels = [
        {"template": panel.template, **panel.build(user)}
        for panel in sorted(_panels, key=lambda p: p.order)
        if policy.has_perm(user, panel.permission)
    ]
    return {"panels": panels}
