"""No way around the policy: a caseworker elsewhere (worker_elsewhere) cannot read,
change, export or list a case of `worker` through ANY page or API endpoint - by
its id, by its number, or through the records around it (consent, co-worker,
the child, the child's identifier, relatives, household, notifications, access
requests). The walkers go through every route there is, so routes added later
are covered without a change here; a route with an id they cannot fill yet is
skipped with a note saying what to add to tests/access/targets.py.

Expected answers: 404 (missing and invisible are one), 403 (the role lacks the
action), 405 (wrong method) - never the record. Routes marked @minimum_only (the
limited search, A7) may answer, but only with the minimum facts."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hearth.accounts import tokens
from hearth.api import api
from hearth.audit.models import AuditEvent
from hearth.cases import limited_search, queries
from hearth.cases.models import Case
from hearth.registry import queries as registry_queries
from tests.access.targets import SECRETS, build, fill_for
from tests.conftest import make_user

REFUSALS = {403, 404, 405}
# What someone outside the case may cause on it: asking for access, being
# recorded as searching.
ALLOWED_ACTIONS = {"case.access_request", "case.search"}


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.callback


PAGE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
API_PARAM = re.compile(r"{(\w+)}")
PAGES = [
    (route, callback)
    for route, namespace, callback in walk(get_resolver("hearth.urls").url_patterns)
    if namespace not in {"admin", "api"}
]


def _params(route: str, pattern) -> list[str]:
    return pattern.findall(route)


def _about_the_case(route: str, pattern) -> bool:
    """A route with at least one id the walkers know how to aim at the case."""
    return any(fill_for(route, p) for p in _params(route, pattern))


def fillable(route: str, pattern) -> bool:
    return all(fill_for(route, p) for p in _params(route, pattern))


CASE_PAGES = [(r, cb) for r, cb in PAGES if _about_the_case(r, PAGE_PARAM)]
LIST_PAGES = [(r, cb) for r, cb in PAGES if not _params(r, PAGE_PARAM)]


def _operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    by_id = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                by_id[api.get_openapi_operation_id(operation)] = operation
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            yield method.upper(), path, spec, by_id[spec["operationId"]]


OPERATIONS = list(_operations())
CASE_OPERATIONS = [o for o in OPERATIONS if _about_the_case(o[1], API_PARAM)]
LIST_OPERATIONS = [o for o in OPERATIONS if o[0] == "GET" and not _params(o[1], API_PARAM)]
COMPONENTS = api.get_openapi_schema(path_prefix="/api/v1/").get("components", {})


def test_the_walkers_see_the_case_routes():
    pages = {r for r, _ in CASE_PAGES}
    assert {"cases/<uuid:pk>/", "cases/<uuid:pk>/edit/", "registry/people/<uuid:pk>/"} <= pages
    assert any("consent_pk" in r for r in pages) and any("assignment_pk" in r for r in pages)
    paths = {(m, p) for m, p, _s, _o in CASE_OPERATIONS}
    assert {("GET", "/api/v1/cases/{case_id}"), ("PATCH", "/api/v1/cases/{case_id}")} <= paths
    assert ("GET", "/api/v1/persons/{person_id}") in paths


# --- the world -------------------------------------------------------------------------


@pytest.fixture
def target(make_case, worker, supervisor, agencies, places, ngo_worker):
    teammate = make_user(
        "teammate", "caseworker", agency=agencies["gov"], team=agencies["north_team"]
    )
    return build(make_case, worker, supervisor, teammate, requester=ngo_worker)


@pytest.fixture
def attacker(worker_elsewhere):
    client = Client()
    client.force_login(worker_elsewhere)
    client.user = worker_elsewhere
    return client


def queries_for(target) -> list[dict]:
    """Searches for the case, typed so that the page's echo of the query is not
    mistaken for a leak: part of the name, the number and identifier in lower case."""
    given, family = target.child.given_name, target.child.family_name
    return [
        {},
        {"q": f"{given} {family[:2]}"},
        {"q": target.case.number.lower()},
        {"q": SECRETS["identifier"].lower()},
        {"scope": "all", "closed": "1"},
    ]


def forbidden_text(target, minimum_only: bool) -> list[str]:
    """What must not appear in a response to the attacker."""
    texts = list(SECRETS.values())
    if not minimum_only:
        texts += [target.case.number, str(target.case.pk), target.child.full_name]
    return texts


def assert_nothing_leaks(response, target, minimum_only=False, where=""):
    body = response.content.decode(errors="replace")
    for text in forbidden_text(target, minimum_only):
        assert text not in body, f"{where}: {text!r} leaked ({response.status_code})"


def assert_nothing_changed(target, attacker_user, before):
    case = Case.objects.get(pk=target.case.pk)
    child = type(target.child).objects.get(pk=target.child.pk)
    assert (case.version, child.version) == before
    done = AuditEvent.objects.filter(
        actor_id=attacker_user.pk, case_id=target.case.pk, outcome="ok"
    ).exclude(action__in=ALLOWED_ACTIONS)
    assert not done.exists(), list(done.values_list("action", flat=True))


def versions(target):
    return (
        Case.objects.get(pk=target.case.pk).version,
        type(target.child).objects.get(pk=target.child.pk).version,
    )


# --- pages -----------------------------------------------------------------------------


def page_url(route: str, target) -> str:
    missing = [p for p in _params(route, PAGE_PARAM) if not fill_for(route, p)]
    if missing:
        pytest.skip(
            f"/{route}: cannot aim {missing} at the target case; add a Fill to "
            "tests/access/targets.py"
        )

    def value(match):
        name = match.group(1)
        return str(fill_for(route, name).value(target))

    return "/" + PAGE_PARAM.sub(value, route)


@pytest.mark.parametrize(("route", "callback"), CASE_PAGES, ids=[r for r, _ in CASE_PAGES])
def test_pages_about_the_case_refuse_an_outsider(target, attacker, route, callback):
    url = page_url(route, target)
    minimum = getattr(callback, "minimum_only", False)
    before = versions(target)
    for method in ("get", "post"):
        response = getattr(attacker, method)(url)
        where = f"{method.upper()} {url}"
        if not minimum:
            assert response.status_code in REFUSALS, f"{where}: {response.status_code}"
        assert_nothing_leaks(response, target, minimum, where)
    assert_nothing_changed(target, attacker.user, before)
    insiders_reach(target, url)


def insiders_reach(target, url):
    """The control: the same URL is not "not found" for someone with a reason to
    use it (the caseworker, the supervisor, the person who asked for access), so
    the refusals come from the policy, not from a wrong URL."""
    answers = []
    for insider in target.insiders:
        client = Client()
        client.force_login(insider)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        answers.append((insider.username, response.status_code))
        if response.status_code != 404:
            return
    pytest.fail(f"{url}: not found for every insider {answers}")


@pytest.mark.parametrize(("route", "callback"), LIST_PAGES, ids=[r or "/" for r, _ in LIST_PAGES])
def test_lists_and_searches_never_show_the_case(target, attacker, route, callback):
    url = "/" + route
    minimum = getattr(callback, "minimum_only", False)
    for query in queries_for(target):
        response = attacker.get(url, query)
        assert_nothing_leaks(response, target, minimum, f"GET {url} {query}")


# --- the API ---------------------------------------------------------------------------


def sample(schema: dict, target=None, name: str = ""):
    """A value that passes the schema, for a request body; ids of the target's
    records where a Fill names the property."""
    if "$ref" in schema:
        return sample(COMPONENTS["schemas"][schema["$ref"].rsplit("/", 1)[1]], target, name)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return sample(options[0], target, name) if options else None
    fill = fill_for("", name) if name and target is not None else None
    if fill is not None and schema.get("format") == "uuid":
        return str(fill.value(target))
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind, shape = schema.get("type"), schema.get("format")
    if kind == "object":
        return {k: sample(v, target, k) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        items = schema.get("items", {})
        return [sample(items, target, name) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if shape == "date":
        return "2026-01-05"
    if shape == "date-time":
        return "2026-01-05T09:00:00Z"
    if shape == "uuid":
        return str(uuid.uuid4())
    if shape == "email":
        return "someone@example.org"
    return "A sample value from the walker"[: schema.get("maxLength", 100)]


def api_call(client, method, path, spec, target):
    missing = [p for p in _params(path, API_PARAM) if not fill_for(path, p)]
    if missing:
        pytest.skip(f"{method} {path}: cannot aim {missing} at the target case; add a Fill")
    url = API_PARAM.sub(lambda m: str(fill_for(path, m.group(1)).value(target)), path)
    body = spec.get("requestBody", {}).get("content", {}).get("application/json", {})
    data = sample(body["schema"], target) if body else None
    kwargs = {"content_type": "application/json"} if data is not None else {}
    return url, getattr(client, method.lower())(url, data, **kwargs)


@pytest.fixture
def api_attacker(worker_elsewhere):
    _, raw = tokens.token_create(actor=worker_elsewhere, name="walker")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.user = worker_elsewhere
    return client


@pytest.mark.parametrize(
    ("method", "path", "spec", "operation"),
    CASE_OPERATIONS,
    ids=[f"{m} {p}" for m, p, _s, _o in CASE_OPERATIONS],
)
def test_api_operations_about_the_case_refuse_an_outsider(
    target, api_attacker, method, path, spec, operation
):
    minimum = getattr(operation.view_func, "minimum_only", False)
    before = versions(target)
    url, response = api_call(api_attacker, method, path, spec, target)
    assert response.status_code != 422, (
        f"{method} {url}: the walker's sample body was refused ({response.content!r}); "
        "teach `sample` the field's format so the access check is reached"
    )
    if not minimum:
        assert response.status_code in {403, 404}, f"{method} {url}: {response.status_code}"
    assert_nothing_leaks(response, target, minimum, f"{method} {url}")
    assert_nothing_changed(target, api_attacker.user, before)
    # The control, as for pages: insiders get past "not found" on the same call.
    answers = []
    for insider in target.insiders:
        _, raw = tokens.token_create(actor=insider, name="control")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        _url, response = api_call(client, method, path, spec, target)
        answers.append((insider.username, response.status_code))
        if response.status_code != 404:
            return
    pytest.fail(f"{method} {path}: not found for every insider {answers}")


@pytest.mark.parametrize(
    ("method", "path", "spec", "operation"),
    LIST_OPERATIONS,
    ids=[f"{m} {p}" for m, p, _s, _o in LIST_OPERATIONS],
)
def test_api_lists_never_include_the_case(target, api_attacker, method, path, spec, operation):
    minimum = getattr(operation.view_func, "minimum_only", False)
    for query in queries_for(target):
        response = api_attacker.get(path, query)
        assert_nothing_leaks(response, target, minimum, f"GET {path} {query}")


# --- searching ---------------------------------------------------------------------------


def test_searching_by_number_or_name_finds_nothing_more_than_the_minimum(target, worker_elsewhere):
    for text in (target.case.number, target.child.full_name, SECRETS["identifier"]):
        assert not queries.case_list(worker_elsewhere, scope="all", text=text).exists()
        assert not registry_queries.search_people(worker_elsewhere, text).exists()
        found, _total = limited_search.search(worker_elsewhere, text)
        assert [f.id for f in found] == [target.case.pk]
        assert not found[0].visible
    with pytest.raises(Exception) as error:
        queries.case_by_number(worker_elsewhere, target.case.number)
    assert error.type.__name__ == "NotFound"
