"""The menu. Apps add their entries in AppConfig.ready(); each entry names the
permission its page needs, and the menu shows it only to those who have it - the
same check the view makes."""

from dataclasses import dataclass

from django.urls import reverse

from hearth.access import policy
from hearth.access.decorators import SIGNED_IN


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str = SIGNED_IN
    section: str = "work"  # work, data, admin
    order: int = 50


_items: list[NavItem] = []


def add(
    label, url_name: str, permission: str = SIGNED_IN, section: str = "work", order: int = 50
) -> None:
    if not any(item.url_name == url_name for item in _items):
        _items.append(NavItem(label, url_name, permission, section, order))


def for_user(user, current_path: str = "") -> dict[str, list[dict]]:
    sections: dict[str, list[dict]] = {}
    for item in sorted(_items, key=lambda i: (i.order, str(i.label))):
        if item.permission != SIGNED_IN and not policy.has_perm(user, item.permission):
            continue
        url = reverse(item.url_name)
        active = current_path.startswith(url) if url != "/" else current_path == "/"
        sections.setdefault(item.section, []).append(
            {"label": item.label, "url": url, "active": active}
        )
    return sections
