"""The scope rule, walked end to end: every persona asks every endpoint and page for an object
outside its scope and gets not-found, never the object; list searches never return it."""

import json

import pytest
from django.urls import get_resolver

from jxjy.access.auth import new_token
from jxjy.access.models import ApiToken
from jxjy.config.api import api

# For each persona: a person, an organisation and a division outside its scope (None: use a missing id).
OUT_OF_SCOPE = {
    "wang_fang": ("colleague", "unit_b", "640104"),
    "li_qiang": ("doctor", "unit_b", "640104"),
    "other_officer": ("wang", "unit_a", "640104"),
    "agency_clerk": ("wang", "unit_a", "640104"),
    "base_registrar": ("wang", "unit_a", "640104"),
    "zhao_county": ("plumber", "unit_c", "640104"),
    "chen_region": ("outsider", "outside_unit", "640104"),
    "industry_water": ("teacher", "unit_a2", "640104"),
    "admin": (None, None, None),
}
MISSING_ID = 987654321
MISSING_REGION = "659999"

# Every API route that names one object, with the method used. test_every_api_route_is_walked keeps this
# list complete: a new endpoint fails that test until it is added here.
API_OBJECT_ROUTES = [
    ("GET", "/api/v1/people/{person}"),
    ("PATCH", "/api/v1/people/{person}"),
    ("GET", "/api/v1/organizations/{organization}"),
    ("PATCH", "/api/v1/organizations/{organization}"),
    ("GET", "/api/v1/regions/{region}"),
    ("PATCH", "/api/v1/regions/{region}"),
    ("DELETE", "/api/v1/tokens/{token}"),
]
API_LIST_ROUTES = [
    ("/api/v1/people", "person"),
    ("/api/v1/organizations", "organization"),
    ("/api/v1/regions", "region"),
]
API_SELF_ROUTES = [
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/tokens"),
    ("POST", "/api/v1/tokens"),
    ("POST", "/api/v1/people"),
    ("POST", "/api/v1/organizations"),
    ("POST", "/api/v1/regions"),
]

PAGE_OBJECT_ROUTES = [
    ("GET", "/people/{person}/"),
    ("GET", "/people/{person}/edit/"),
    ("POST", "/people/{person}/edit/"),
    ("GET", "/organizations/{organization}/"),
    ("GET", "/organizations/{organization}/edit/"),
    ("POST", "/organizations/{organization}/edit/"),
    ("GET", "/regions/?parent={region}"),
    ("POST", "/account/tokens/{token}/revoke/"),
]
PAGE_LIST_ROUTES = [("/people/", "person"), ("/organizations/", "organization"), ("/regions/", "region")]


def _targets(name, world, other_token):
    person_key, org_key, region_code = OUT_OF_SCOPE[name]
    return {
        "person": world[person_key] if person_key else None,
        "organization": world[org_key] if org_key else None,
        "region": region_code,
        "token": other_token,
    }


def _url(template, targets):
    values = {
        "person": targets["person"].pk if targets["person"] else MISSING_ID,
        "organization": targets["organization"].pk if targets["organization"] else MISSING_ID,
        "region": targets["region"] or MISSING_REGION,
        "token": targets["token"].pk,
    }
    return template.format(**values)


@pytest.fixture
def other_token(world):
    """A token that belongs to somebody else: nobody but its owner may see or revoke it."""
    from jxjy.testing.factories import UserFactory

    owner = UserFactory(username="tokenowner")
    _, prefix, digest = new_token()
    return ApiToken.objects.create(user=owner, name="别人的令牌", prefix=prefix, digest=digest)


def _bearer(user):
    token, prefix, digest = new_token()
    ApiToken.objects.create(user=user, name="测试", prefix=prefix, digest=digest)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.parametrize("method,template", API_OBJECT_ROUTES)
def test_api_object_outside_scope_is_not_found(client, world, persona, other_token, method, template):
    name, user = persona
    url = _url(template, _targets(name, world, other_token))
    response = client.generic(
        method, url, data=json.dumps({"name": "改名"}), content_type="application/json", **_bearer(user)
    )
    assert response.status_code == 404, (name, url, response.content[:300])
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("method,template", PAGE_OBJECT_ROUTES)
def test_page_object_outside_scope_is_not_found(client, world, persona, other_token, method, template):
    name, user = persona
    client.force_login(user)
    url = _url(template, _targets(name, world, other_token))
    response = client.generic(method, url, data="name=改名", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 404, (name, url)


def _search_term(kind, world, targets):
    """What to search for, and how many results the persona may get: none for an object outside its
    scope; for the administrator, who has no such object, exactly the farthest one."""
    if kind == "person":
        found = targets["person"]
        return (found.name, 0) if found else (world["outsider"].name, 1)
    if kind == "organization":
        found = targets["organization"]
        return (found.name, 0) if found else (world["outside_unit"].name, 1)
    return (targets["region"], 0) if targets["region"] else ("640104", 1)


@pytest.mark.parametrize("url,kind", API_LIST_ROUTES)
def test_api_list_never_returns_object_outside_scope(client, world, persona, other_token, url, kind):
    name, user = persona
    term, expected = _search_term(kind, world, _targets(name, world, other_token))
    response = client.get(url, {"q": term}, **_bearer(user))
    assert response.status_code == 200
    assert response.json()["count"] == expected, (name, url, term, response.json())


@pytest.mark.parametrize("url,kind", PAGE_LIST_ROUTES)
def test_page_list_never_shows_object_outside_scope(client, world, persona, other_token, url, kind):
    name, user = persona
    term, expected = _search_term(kind, world, _targets(name, world, other_token))
    client.force_login(user)
    response = client.get(url, {"q": term})
    assert response.status_code == 200
    results = response.content.decode().split('id="results"')[1]
    assert results.count(term) == expected, (name, url, term)


def test_every_api_route_is_walked():
    walked = {
        (method, template.split("{")[0].rstrip("/"))
        for method, template in API_OBJECT_ROUTES + API_SELF_ROUTES
    }
    walked |= {("GET", url) for url, _ in API_LIST_ROUTES}
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            key = (method.upper(), path.split("{")[0].rstrip("/"))
            assert key in walked, f"{method.upper()} {path} is not in the scope matrix"


def test_every_page_route_is_walked():
    walked = {template.split("{")[0].split("?")[0] for _, template in PAGE_OBJECT_ROUTES}
    walked |= {url for url, _ in PAGE_LIST_ROUTES}
    walked |= {
        "/",
        "/login/",
        "/logout/",
        "/account/tokens/",
        "/account/password/",
        "/people/new/",
        "/organizations/new/",
    }
    for pattern in _page_patterns(get_resolver()):
        assert pattern.split("<")[0] in walked, f"page /{pattern} is not in the scope matrix"


def _page_patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("api/"):
            continue
        if hasattr(entry, "url_patterns"):
            yield from _page_patterns(entry, route)
        else:
            yield "/" + route
