"""The catalogue's cast: authorities on both sides of every scope boundary, and a published course,
textbook and guide (with one subject) owned by each, plus drafts.

  hr_region   新疆人社厅 (650000)        hr_urumqi  乌鲁木齐市人社局 (650100)
  hr_tianshan 天山区人社局 (650102)      water      乌鲁木齐市水务局 (650100, industry D)
  hr_ili      伊犁州人社局 (654000)      outside    宁夏人社厅 (640000): outside the jurisdiction
"""

import datetime

import pytest

from jxjy.catalogue.models import Course, Guide, GuideSubject, Textbook
from jxjy.organizations.choices import Industry, OrgKind
from jxjy.testing.factories import OrganizationFactory, region

AUTHORITIES = {
    "hr_region": ("新疆维吾尔自治区人力资源和社会保障厅", "650000", OrgKind.HR_DEPARTMENT, Industry.S),
    "hr_urumqi": ("乌鲁木齐市人力资源和社会保障局", "650100", OrgKind.HR_DEPARTMENT, Industry.S),
    "hr_tianshan": ("天山区人力资源和社会保障局", "650102", OrgKind.HR_DEPARTMENT, Industry.S),
    "water": ("乌鲁木齐市水务局", "650100", OrgKind.INDUSTRY_AUTHORITY, Industry.D),
    "hr_ili": ("伊犁哈萨克自治州人力资源和社会保障局", "654000", OrgKind.HR_DEPARTMENT, Industry.S),
    "outside": ("宁夏回族自治区人力资源和社会保障厅", "640000", OrgKind.HR_DEPARTMENT, Industry.S),
}


PUBLISHED_ON = datetime.date(2026, 1, 15)


@pytest.fixture
def authorities(world):
    return {
        key: OrganizationFactory(name=name, region=region(code), kind=kind, unit_type="", industry=industry)
        for key, (name, code, kind, industry) in AUTHORITIES.items()
    }


def make_course(owner, **extra) -> Course:
    fields = {
        "title": f"{owner.name}的课程",
        "kind": "professional",
        "provider": "新疆大学继续教育学院",
        "hours_tenths": 30,
        "published_by": owner,
        "is_published": True,
        **extra,
    }
    fields.setdefault("published_on", PUBLISHED_ON if fields["is_published"] else None)
    return Course.objects.create(**fields)


def make_textbook(owner, **extra) -> Textbook:
    fields = {
        "title": f"{owner.name}的教材",
        "kind": "professional",
        "authors": "本书编写组",
        "publisher": "中国人事出版社",
        "published_by": owner,
        "is_published": True,
        **extra,
    }
    fields.setdefault("published_on", PUBLISHED_ON if fields["is_published"] else None)
    return Textbook.objects.create(**fields)


def make_guide(owner, **extra) -> Guide:
    fields = {
        "year": 2026,
        "kind": "public",
        "title": f"{owner.name}2026年度公需科目指南",
        "published_by": owner,
        "is_published": True,
        **extra,
    }
    fields.setdefault("published_on", PUBLISHED_ON if fields["is_published"] else None)
    guide = Guide.objects.create(**fields)
    GuideSubject.objects.create(guide=guide, title=f"{owner.name}法治政府建设", public_category="law")
    return guide


@pytest.fixture
def catalogue(authorities):
    """Per owner: its course, textbook and guide (all published)."""
    return {
        key: {"course": make_course(org), "textbook": make_textbook(org), "guide": make_guide(org)}
        for key, org in authorities.items()
    }
