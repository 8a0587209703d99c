"""Record and compliance pages with a record outside each persona's scope: every page that names the
record answers 404, its evidence is never served, bulk registration leaves it alone, and no list
(records, compliance) shows it. The single-object routes are also in access/tests/test_scope_matrix.py."""

import pytest
from django.urls import reverse

from jxjy.records.choices import RecordStatus
from jxjy.records.evidence import store_evidence
from jxjy.records.models import Evidence
from jxjy.testing.records import png_file, record_row

# Whose record each persona must not see (the administrator sees everything: a missing id instead).
OUTSIDE = {
    "wang_fang": "colleague",
    "li_qiang": "doctor",
    "other_officer": "wang",
    "agency_clerk": "wang",
    "base_registrar": "wang",
    "zhao_county": "plumber",
    "chen_region": "outsider",
    "industry_water": "teacher",
    "admin": None,
}
MISSING_ID = 987654321
TITLE = "不应看到的培训"

RECORD_PAGES = [
    ("GET", "records:detail"),
    ("GET", "records:edit"),
    ("POST", "records:edit"),
    ("POST", "records:evidence_add"),
    ("POST", "records:register"),
    ("POST", "records:return"),
    ("GET", "records:correct"),
    ("POST", "records:correct"),
]


@pytest.fixture
def outside(world, persona):
    """(persona name, user, the out-of-scope record, its evidence)."""
    name, user = persona
    owner = world[OUTSIDE[name] or "outsider"]
    record = record_row(owner, title=TITLE)
    stored = store_evidence(png_file())
    evidence = Evidence.objects.create(record=record, **stored.__dict__)
    return name, user, record, evidence


def _id(name, record):
    return record.pk if OUTSIDE[name] else MISSING_ID


@pytest.mark.parametrize("method,route", RECORD_PAGES)
def test_record_page_outside_scope_is_not_found(client, outside, method, route):
    name, user, record, _evidence = outside
    client.force_login(user)
    url = reverse(route, args=[_id(name, record)])
    response = client.generic(
        method, url, data="reason=x&confirm_flags=on", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 404, (name, url)
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED and record.evidence.count() == 1


def test_evidence_outside_scope_is_never_served(client, outside):
    name, user, record, evidence = outside
    client.force_login(user)
    url = reverse("records:evidence", args=[_id(name, record), evidence.pk])
    assert client.get(url).status_code == 404, name
    if OUTSIDE[name]:
        # Another record's id with this evidence id: still not served.
        assert client.get(reverse("records:evidence", args=[MISSING_ID, evidence.pk])).status_code == 404


def test_bulk_registration_ignores_records_outside_scope(client, rules, outside):
    """Everyone else leaves the record alone; the administrator, in whose scope it is, registers it
    (so the form did reach the service and the others' refusal is about scope)."""
    name, user, record, _evidence = outside
    client.force_login(user)
    client.post(reverse("records:register_bulk"), {"record_ids": [record.pk]})
    record.refresh_from_db()
    expected = RecordStatus.SUBMITTED if OUTSIDE[name] else RecordStatus.REGISTERED
    assert record.status == expected


def test_lists_never_show_a_record_outside_scope(client, outside):
    name, user, record, _evidence = outside
    client.force_login(user)
    for params in ({}, {"status": ""}, {"status": "", "q": record.person.name}):
        text = client.get(reverse("records:list"), params).content.decode().split('id="results"')[1]
        assert (TITLE in text) == (OUTSIDE[name] is None), (name, params)
    text = client.get(reverse("compliance:list"), {"q": record.person.name}).content.decode()
    results = text.split('id="results"')[1]
    assert (record.person.name in results) == (OUTSIDE[name] is None), name
