"""Deny by default: every page and every API endpoint declares what it needs
(@requires, @signed_in or @public; @api_requires for the API). These walkers fail
on any route that declares nothing, so a new page cannot slip out unguarded."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from hearth.access.decorators import PUBLIC
from hearth.access.permissions import PERMISSIONS
from hearth.api import api


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.callback


# The Django admin guards itself (superusers only); the API has its own walker below.
SKIPPED_NAMESPACES = {"admin", "api"}

PAGES = [
    (route, callback)
    for route, namespace, callback in walk(get_resolver("hearth.urls").url_patterns)
    if namespace not in SKIPPED_NAMESPACES
]


def test_the_walker_sees_the_pages():
    routes = {route for route, _ in PAGES}
    assert {"", "healthz", "registry/people/", "places/import/", "accounts/login/"} <= routes
    assert not any(route.startswith("django-admin/") for route in routes)
    assert not any(route.startswith("api/v1/") for route, _ in PAGES)


@pytest.mark.parametrize(("route", "callback"), PAGES, ids=[r or "/" for r, _ in PAGES])
def test_every_page_declares_what_it_needs(route, callback):
    needs = getattr(callback, "access_needs", None)
    assert needs, f"/{route} ({callback.__module__}.{callback.__name__}) declares no access"
    assert needs in PERMISSIONS or needs in (PUBLIC, "signed-in"), needs


def operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield prefix + path, operation


OPERATIONS = list(operations())


def test_the_api_walker_sees_the_endpoints():
    assert len(OPERATIONS) >= 10
    assert any(path.endswith("/persons") and "POST" in op.methods for path, op in OPERATIONS)


@pytest.mark.parametrize(
    ("path", "operation"),
    OPERATIONS,
    ids=[f"{'/'.join(op.methods)} {path}" for path, op in OPERATIONS],
)
def test_every_api_endpoint_declares_a_permission(path, operation):
    needs = getattr(operation.view_func, "access_needs", None)
    assert needs in PERMISSIONS, f"{operation.methods} {path} declares no permission"


def concrete(route: str) -> str:
    """/people/<uuid:pk>/ -> a URL with made-up values (the redirect comes first)."""
    samples = {
        "uuid": "00000000-0000-4000-8000-000000000000",
        "int": "1",
        "slug": "sample",
        "str": "sample",
        "path": "sample",
    }
    return "/" + re.sub(r"<(\w+):\w+>", lambda m: samples[m.group(1)], route)


GUARDED = [r for r, cb in PAGES if getattr(cb, "access_needs", PUBLIC) != PUBLIC]


@pytest.mark.parametrize("route", GUARDED)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, route):
    url = concrete(route)
    response = client.get(url)
    assert response.status_code == 302, url
    assert response.url.startswith("/accounts/login/?next=")


def test_signed_in_users_without_the_permission_are_refused(auditor, signed_in):
    client = signed_in(auditor)
    for url in ("/registry/people/", "/registry/people/new/", "/places/", "/places/import/"):
        assert client.get(url).status_code == 403, url
