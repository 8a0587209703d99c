"""The catalogue's scope, walked route by route with every persona (the shared matrix in
jxjy/access/tests/test_scope_matrix.py lists these routes as walked here).

Published entries are public: every persona, and nobody at all, reads them. Maintenance answers 404
for an entry outside the persona's scope (published or not), and works inside it."""

import json

import pytest

from jxjy.access.auth import new_token
from jxjy.access.models import ApiToken
from jxjy.catalogue.selectors import authorities_for

# The owner of an entry each persona may not maintain, and of one it may (None: it maintains nothing,
# or, for the administrator, everything: a missing id stands in).
SCOPE = {
    "wang_fang": ("water", None),
    "li_qiang": ("water", None),
    "other_officer": ("hr_ili", None),
    "agency_clerk": ("hr_tianshan", None),
    "base_registrar": ("hr_urumqi", None),
    "zhao_county": ("hr_urumqi", "hr_tianshan"),
    "chen_region": ("outside", "hr_ili"),
    "industry_water": ("hr_tianshan", "water"),
    "admin": (None, "outside"),
}
MISSING_ID = 987654321

API_MAINTENANCE = [
    ("PATCH", "/api/v1/catalogue/guides/{guide}"),
    ("POST", "/api/v1/catalogue/guides/{guide}/subjects"),
    ("PATCH", "/api/v1/catalogue/subjects/{subject}"),
    ("PATCH", "/api/v1/catalogue/courses/{course}"),
    ("POST", "/api/v1/catalogue/courses/{course}/recommend"),
    ("POST", "/api/v1/catalogue/courses/{course}/unrecommend"),
    ("PATCH", "/api/v1/catalogue/textbooks/{textbook}"),
    ("POST", "/api/v1/catalogue/textbooks/{textbook}/recommend"),
    ("POST", "/api/v1/catalogue/textbooks/{textbook}/unrecommend"),
]
PAGE_MAINTENANCE = [
    (method, template)
    for template in (
        "/catalogue/guides/{guide}/edit/",
        "/catalogue/guides/{guide}/subjects/new/",
        "/catalogue/subjects/{subject}/edit/",
        "/catalogue/courses/{course}/edit/",
        "/catalogue/textbooks/{textbook}/edit/",
    )
    for method in ("GET", "POST")
] + [
    ("POST", "/catalogue/courses/{course}/recommend/"),
    ("POST", "/catalogue/courses/{course}/unrecommend/"),
    ("POST", "/catalogue/textbooks/{textbook}/recommend/"),
    ("POST", "/catalogue/textbooks/{textbook}/unrecommend/"),
]
PUBLIC_READS = [
    "/api/v1/catalogue/guides/{guide}",
    "/api/v1/catalogue/courses/{course}",
    "/api/v1/catalogue/textbooks/{textbook}",
    "/catalogue/guides/{guide}/",
    "/catalogue/courses/{course}/",
    "/catalogue/textbooks/{textbook}/",
]
PUBLIC_LISTS = [  # (url, which of the draft entries it would list)
    ("/api/v1/catalogue/guides", "guide"),
    ("/api/v1/catalogue/subjects", "subject"),
    ("/api/v1/catalogue/courses", "course"),
    ("/api/v1/catalogue/textbooks", "textbook"),
    ("/catalogue/", "guide"),
    ("/catalogue/courses/", "course"),
    ("/catalogue/textbooks/", "textbook"),
]


def _url(template: str, entries: dict | None) -> str:
    if entries is None:
        return template.format(guide=MISSING_ID, subject=MISSING_ID, course=MISSING_ID, textbook=MISSING_ID)
    guide = entries["guide"]
    return template.format(
        guide=guide.pk,
        subject=guide.subjects.get().pk,
        course=entries["course"].pk,
        textbook=entries["textbook"].pk,
    )


def _bearer(user) -> dict:
    token, prefix, digest = new_token()
    ApiToken.objects.create(user=user, name="测试", prefix=prefix, digest=digest)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.parametrize("method,template", API_MAINTENANCE)
def test_api_maintenance_outside_scope_is_not_found(client, catalogue, persona, method, template):
    name, user = persona
    outside = SCOPE[name][0]
    url = _url(template, catalogue[outside] if outside else None)
    body = {} if "recommend" in template else {"title": "改名"}  # valid: the 404 is about scope
    response = client.generic(
        method, url, data=json.dumps(body), content_type="application/json", **_bearer(user)
    )
    assert response.status_code == 404, (name, url, response.content[:300])
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("method,template", PAGE_MAINTENANCE)
def test_page_maintenance_outside_scope_is_not_found(client, catalogue, persona, method, template):
    name, user = persona
    outside = SCOPE[name][0]
    client.force_login(user)
    url = _url(template, catalogue[outside] if outside else None)
    response = client.generic(
        method, url, data="title=改名", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 404, (name, url)


def test_maintenance_inside_scope_works(client, catalogue, persona):
    name, user = persona
    inside = SCOPE[name][1]
    if inside is None:  # maintains nothing: may not even pick an authority to publish for
        assert not authorities_for(user).exists()
        return
    url = _url("/api/v1/catalogue/courses/{course}", catalogue[inside])
    response = client.patch(
        url, data=json.dumps({"title": "改名"}), content_type="application/json", **_bearer(user)
    )
    assert response.status_code == 200, response.content[:300]
    client.force_login(user)
    assert client.get(_url("/catalogue/courses/{course}/edit/", catalogue[inside])).status_code == 200


@pytest.mark.parametrize("template", PUBLIC_READS)
@pytest.mark.parametrize("who", ["anonymous", "wang_fang", "zhao_county"])
def test_published_entries_are_public(request, client, catalogue, who, template):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for entries in catalogue.values():
        assert client.get(_url(template, entries)).status_code == 200


@pytest.mark.parametrize("url,kind", PUBLIC_LISTS)
def test_lists_are_public_and_hide_drafts(client, catalogue, persona, url, kind):
    """The Ningxia entries are turned into drafts: only the administrator (their only editor among
    the personas) still finds them; anonymous readers see the others."""
    name, user = persona
    drafts = catalogue["outside"]
    for entry in drafts.values():
        type(entry).objects.filter(pk=entry.pk).update(is_published=False)
    draft = drafts["guide"].subjects.get() if kind == "subject" else drafts[kind]
    client.force_login(user)
    assert (draft.title in _listed(client.get(url))) == (name == "admin"), (name, url)
    client.logout()
    shown = _listed(client.get(url))
    assert draft.title not in shown
    assert catalogue["hr_ili"]["guide"].subjects.get().title in shown or kind != "subject"


def _listed(response) -> str:
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return " ".join(item["title"] for item in response.json()["items"])
    return response.content.decode().split('id="results"')[1]
