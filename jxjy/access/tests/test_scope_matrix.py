"""The scope rule, walked end to end: every persona asks every endpoint and page for an object
outside its scope and gets not-found, never the object; list searches never return it."""

import json
import re

import pytest
from django.urls import get_resolver

from jxjy.access.auth import new_token
from jxjy.access.models import ApiToken
from jxjy.config.api import api
from jxjy.exports.tests.helpers import csv_rows, download, xlsx_rows
from jxjy.jobs.tests.rows import job_row, reported_job_row
from jxjy.proofs.codes import new_code
from jxjy.proofs.tests.rows import proof_row
from jxjy.testing.records import png_file, record_row

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

MULTIPART = "multipart"  # the body is a file upload, not JSON

# Every API route that names one object, with the method used (and a body the route accepts, so the
# answer is about scope, not about the body). test_every_api_route_is_walked keeps this
# list complete: a new endpoint fails that test until it is added here.
API_OBJECT_ROUTES = [
    ("GET", "/api/v1/people/{person}"),
    ("PATCH", "/api/v1/people/{person}"),
    ("GET", "/api/v1/organizations/{organization}"),
    ("PATCH", "/api/v1/organizations/{organization}"),
    ("GET", "/api/v1/regions/{region}"),
    ("PATCH", "/api/v1/regions/{region}"),
    ("DELETE", "/api/v1/tokens/{token}"),
    ("GET", "/api/v1/people/{person}/compliance"),
    ("GET", "/api/v1/records/{record}"),
    ("PATCH", "/api/v1/records/{record}", {"title": "改名"}),
    ("POST", "/api/v1/records/{record}/evidence", MULTIPART),
    ("POST", "/api/v1/records/{record}/register", {"confirm_flags": True}),
    ("POST", "/api/v1/records/{record}/return", {"reason": "退回"}),
    ("POST", "/api/v1/records/{record}/correct", {"reason": "更正"}),
    ("POST", "/api/v1/people/{person}/proofs", {"year": 2025}),
    ("GET", "/api/v1/people/{person}/proofs"),
    ("POST", "/api/v1/proofs/{proof}/revoke", {"reason": "撤销"}),
    ("GET", "/api/v1/jobs/{job}"),
    ("POST", "/api/v1/jobs/{job}/stop", {}),
]
API_LIST_ROUTES = [
    ("/api/v1/people", "person"),
    ("/api/v1/organizations", "organization"),
    ("/api/v1/regions", "region"),
    ("/api/v1/records", "record"),
    ("/api/v1/compliance", "person"),
    ("/api/v1/jobs", "job"),
]
API_SELF_ROUTES = [
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/tokens"),
    ("POST", "/api/v1/tokens"),
    ("POST", "/api/v1/people"),
    ("POST", "/api/v1/organizations"),
    ("POST", "/api/v1/regions"),
    # Outside any scope: a professional reports for themself, a base issues for its own class, the
    # bulk register acts only on records in the caller's scope (tested in records/tests).
    ("POST", "/api/v1/records"),
    ("POST", "/api/v1/records/register"),
    # The year's rules are published to everyone; only the region HR department writes them (403).
    ("GET", "/api/v1/rules/{year}"),
    ("PUT", "/api/v1/rules/{year}"),
    # The catalogue (art. 7) is public to read; maintenance is walked with every persona, in and out
    # of scope, in jxjy/catalogue/tests/test_catalogue_scope.py.
    ("GET", "/api/v1/catalogue/guides/{guide}"),
    ("PATCH", "/api/v1/catalogue/guides/{guide}"),
    ("POST", "/api/v1/catalogue/guides"),
    ("POST", "/api/v1/catalogue/guides/{guide}/subjects"),
    ("PATCH", "/api/v1/catalogue/subjects/{subject}"),
    ("GET", "/api/v1/catalogue/courses/{course}"),
    ("PATCH", "/api/v1/catalogue/courses/{course}"),
    ("POST", "/api/v1/catalogue/courses"),
    ("POST", "/api/v1/catalogue/courses/{course}/recommend"),
    ("POST", "/api/v1/catalogue/courses/{course}/unrecommend"),
    ("GET", "/api/v1/catalogue/textbooks/{textbook}"),
    ("PATCH", "/api/v1/catalogue/textbooks/{textbook}"),
    ("POST", "/api/v1/catalogue/textbooks"),
    ("POST", "/api/v1/catalogue/textbooks/{textbook}/recommend"),
    ("POST", "/api/v1/catalogue/textbooks/{textbook}/unrecommend"),
    ("GET", "/api/v1/catalogue/guides"),
    ("GET", "/api/v1/catalogue/subjects"),
    ("GET", "/api/v1/catalogue/courses"),
    ("GET", "/api/v1/catalogue/textbooks"),
    # Public by code (no login): the code printed on a proof is the permission; unknown and guessed
    # codes are walked in jxjy/proofs/tests/test_verify.py.
    ("GET", "/api/v1/verify/{code}"),
    # Uploads act for the caller's own base or unit only (403 otherwise; jxjy/jobs/tests).
    ("POST", "/api/v1/imports/records"),
    ("POST", "/api/v1/imports/people"),
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
    ("GET", "/compliance/people/{person}/"),
    ("GET", "/records/{record}/"),
    ("GET", "/records/{record}/edit/"),
    ("POST", "/records/{record}/edit/"),
    ("POST", "/records/{record}/evidence/"),
    ("POST", "/records/{record}/register/"),
    ("POST", "/records/{record}/return/"),
    ("GET", "/records/{record}/correct/"),
    ("POST", "/records/{record}/correct/"),
    ("POST", "/people/{person}/proofs/new/"),
    ("POST", "/proofs/{proof}/revoke/"),
    ("GET", "/jobs/{job}/"),
    ("GET", "/jobs/{job}/report.xlsx"),
    ("GET", "/jobs/{job}/refused.xlsx"),
    ("GET", "/jobs/{job}/file"),
    ("POST", "/jobs/{job}/stop/"),
]
PAGE_LIST_ROUTES = [("/people/", "person"), ("/organizations/", "organization"), ("/regions/", "region")]
PAGE_LIST_ROUTES += [("/compliance/", "person")]
# The lists that export (?format=csv|xlsx): the file of the same search holds no more than the page.
EXPORT_LIST_ROUTES = [(url, kind) for url, kind in PAGE_LIST_ROUTES if url != "/regions/"]
EXPORT_LIST_ROUTES += [("/records/", "record")]  # every status, not only a registrar's waiting queue


def _targets(name, world, other_token):
    person_key, org_key, region_code = OUT_OF_SCOPE[name]
    return {
        "person": world[person_key] if person_key else None,
        "organization": world[org_key] if org_key else None,
        "region": region_code,
        "token": other_token,
        # The administrator has no record outside scope; the outsider's record is what it must find.
        "record": record_row(world[person_key or "outsider"]),
        "proof": proof_row(world[person_key or "outsider"]),
        # Somebody else's job, its reports on disk (the administrator sees every job: a missing id).
        "job": reported_job_row(other_token.user, world["base"]) if person_key else None,
    }


def _url(template, targets):
    values = {
        "person": targets["person"].pk if targets["person"] else MISSING_ID,
        "organization": targets["organization"].pk if targets["organization"] else MISSING_ID,
        "region": targets["region"] or MISSING_REGION,
        "token": targets["token"].pk,
        "record": targets["record"].pk if targets["person"] else MISSING_ID,
        "proof": targets["proof"].code if targets["person"] else new_code(),
        "job": targets["job"].pk if targets["job"] else MISSING_ID,
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


API_OBJECT_CASES = [
    (method, template, rest[0] if rest else {"name": "改名"}) for method, template, *rest in API_OBJECT_ROUTES
]


@pytest.mark.parametrize("method,template,body", API_OBJECT_CASES)
def test_api_object_outside_scope_is_not_found(client, world, persona, other_token, method, template, body):
    name, user = persona
    url = _url(template, _targets(name, world, other_token))
    if body == MULTIPART:
        response = client.post(url, {"file": png_file()}, **_bearer(user))
    else:
        response = client.generic(
            method, url, data=json.dumps(body), content_type="application/json", **_bearer(user)
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
    if kind == "record":
        return targets["record"].person.name, (0 if targets["person"] else 1)
    if kind == "job":
        if targets["job"]:
            return targets["job"].file_name, 0
        # The administrator sees every job: somebody else's is found.
        return job_row(targets["token"].user, world["base"], file_name="别人的名单.csv").file_name, 1
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


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("url,kind", EXPORT_LIST_ROUTES)
def test_list_export_never_holds_object_outside_scope(
    client, world, persona, other_token, url, kind, file_format
):
    name, user = persona
    term, expected = _search_term(kind, world, _targets(name, world, other_token))
    client.force_login(user)
    response = client.get(url, {"q": term, "format": file_format, "status": ""})
    assert response.status_code == 200
    body = download(response)
    rows = xlsx_rows(body) if file_format == "xlsx" else csv_rows(body)
    assert sum(term in row for row in rows[1:]) == expected, (name, url, term)


def test_every_api_route_is_walked():
    walked = {(method, _shape(template)) for method, template, *_ in API_OBJECT_ROUTES + API_SELF_ROUTES}
    walked |= {("GET", _shape(url)) for url, _ in API_LIST_ROUTES}
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            key = (method.upper(), _shape(path))
            assert key in walked, f"{method.upper()} {path} is not in the scope matrix"


def _shape(path: str) -> str:
    """/api/v1/records/{record_id}/register → /api/v1/records/{}/register: the route, whatever its
    placeholders are called."""
    return re.sub(r"\{[^}]*\}", "{}", path).rstrip("/")


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
        # The catalogue: walked with every persona in jxjy/catalogue/tests/test_catalogue_scope.py.
        "/catalogue/",
        "/catalogue/guides/",
        "/catalogue/guides/new/",
        "/catalogue/subjects/",
        "/catalogue/courses/",
        "/catalogue/courses/new/",
        "/catalogue/textbooks/",
        "/catalogue/textbooks/new/",
        # Records and compliance: walked with every persona in jxjy/records/tests/test_record_scope.py.
        "/records/",
        "/records/new/",
        "/records/issue/",  # a base issues for its own class (404 for everyone else, records tests)
        "/records/register/",
        "/compliance/",
        "/compliance/people/",
        # Public by code (no login): the verify page and the issued PDF, walked with guessed codes in
        # jxjy/proofs/tests/test_verify.py.
        "/verify/",
        "/proofs/",
        # The year's rules are public to read (every year, every version); the edit page answers 403
        # to all but the region HR department and the administrator. Walked with every persona in
        # jxjy/rules/tests/test_rules_pages.py.
        "/rules/",
        # Upload pages act for the caller's own base or unit (404 to everyone else; the template is
        # a blank public form): jxjy/imports/tests/test_upload_pages.py.
        "/imports/records/",
        "/imports/people/",
        "/imports/templates/",
        # A user's own jobs (every job for the administrator): walked with every persona in
        # jxjy/jobs/tests/test_job_list.py; each job's pages are in PAGE_OBJECT_ROUTES.
        "/jobs/",
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
