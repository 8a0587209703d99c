"""The catalogue's services: who may publish and maintain what, that every write is audited, and
that bad input is refused field by field."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from jxjy.audit.models import AuditEntry
from jxjy.catalogue import services
from jxjy.catalogue.models import Course, GuideSubject
from jxjy.catalogue.selectors import CatalogueFilters, authorities_for, courses_visible_to
from jxjy.catalogue.tests.conftest import make_course


def course_data(owner, **extra):
    return {
        "title": "城镇供水水质安全管理",
        "kind": "professional",
        "series": ["engineering"],
        "levels": [],
        "provider": "乌鲁木齐市水务局培训中心",
        "hours_tenths": 35,
        "published_by": owner,
        "is_published": True,
        **extra,
    }


def test_industry_officer_publishes_a_course_for_own_industry_and_it_is_audited(authorities, industry_water):
    course = services.course_create(actor=industry_water, data=course_data(authorities["water"]))
    assert course.published_on is not None
    entry = AuditEntry.objects.get(action="catalogue.course.create", object_id=str(course.pk))
    assert entry.role == "industry_officer"
    assert entry.actor_username == "shuiliju"
    assert entry.after["series"] == ["engineering"]
    assert entry.after["hours_tenths"] == 35


def test_update_audits_only_what_changed(authorities, catalogue, chen_region):
    course = catalogue["water"]["course"]
    services.course_update(actor=chen_region, course=course, data={"hours_tenths": 45})
    entry = AuditEntry.objects.get(action="catalogue.course.update")
    assert (entry.before["hours_tenths"], entry.after["hours_tenths"]) == (30, 45)
    assert "title" not in entry.after and "published_on" not in entry.after


@pytest.mark.parametrize(
    "actor,owner",
    [("zhao_county", "hr_urumqi"), ("industry_water", "hr_tianshan"), ("chen_region", "outside")],
)
def test_nobody_publishes_in_the_name_of_an_authority_outside_scope(request, authorities, actor, owner):
    user = request.getfixturevalue(actor)
    with pytest.raises(ValidationError) as caught:
        services.course_create(actor=user, data=course_data(authorities[owner]))
    assert "published_by" in caught.value.error_dict
    assert not Course.objects.exists()


@pytest.mark.parametrize("actor", ["wang_fang", "li_qiang", "base_registrar"])
def test_roles_without_an_authority_cannot_create(request, authorities, actor):
    with pytest.raises(PermissionDenied):
        services.course_create(
            actor=request.getfixturevalue(actor), data=course_data(authorities["hr_region"])
        )


def test_industry_officer_cannot_change_the_hr_departments_course(catalogue, industry_water):
    with pytest.raises(PermissionDenied):
        services.course_update(
            actor=industry_water, course=catalogue["hr_urumqi"]["course"], data={"title": "x"}
        )
    assert AuditEntry.objects.filter(action__startswith="catalogue.").count() == 0


def test_fields_are_checked_together(authorities, chen_region):
    data = course_data(
        authorities["hr_region"], kind="public", series=["engineering", "astrology"], hours_tenths=0
    )
    with pytest.raises(ValidationError) as caught:
        services.course_create(actor=chen_region, data=data)
    errors = caught.value.error_dict
    assert {"public_category", "series", "hours_tenths"} <= set(errors)
    assert "astrology" in str(errors["series"][0].message % errors["series"][0].params)


def test_professional_entries_take_no_public_category(authorities, chen_region):
    with pytest.raises(ValidationError) as caught:
        services.course_create(
            actor=chen_region, data=course_data(authorities["hr_region"], public_category="law")
        )
    assert list(caught.value.error_dict) == ["public_category"]


def test_subject_of_a_public_guide_needs_a_category(catalogue, zhao_county):
    guide = catalogue["hr_tianshan"]["guide"]
    with pytest.raises(ValidationError) as caught:
        services.subject_create(actor=zhao_county, guide=guide, data={"title": "职业道德"})
    assert list(caught.value.error_dict) == ["public_category"]
    subject = services.subject_create(
        actor=zhao_county,
        guide=guide,
        data={"title": "职业道德", "public_category": "ethics", "suggested_tenths": 20},
    )
    assert subject.suggested_hours == "2"
    assert AuditEntry.objects.filter(action="catalogue.subject.create", object_id=str(subject.pk)).exists()


def test_subjects_of_another_regions_guide_cannot_be_added(catalogue, zhao_county):
    with pytest.raises(PermissionDenied):
        services.subject_create(
            actor=zhao_county,
            guide=catalogue["hr_urumqi"]["guide"],
            data={"title": "x", "public_category": "law"},
        )
    assert GuideSubject.objects.count() == len(catalogue)


def test_recommend_and_withdraw_are_audited(catalogue, industry_water):
    course = services.entry_recommend(actor=industry_water, entry=catalogue["water"]["course"])
    assert course.is_recommended
    assert (course.recommended_by, course.recommended_by_user) == (course.published_by, industry_water)
    course = services.entry_unrecommend(actor=industry_water, entry=course)
    assert not course.is_recommended and course.recommended_by is None
    withdrawn = AuditEntry.objects.get(action="catalogue.course.unrecommend")
    assert withdrawn.before["recommended_by_id"] == catalogue["water"]["course"].published_by_id
    assert AuditEntry.objects.filter(action="catalogue.course.recommend").count() == 1


def test_region_hr_recommends_in_its_own_name(catalogue, authorities, chen_region):
    textbook = services.entry_recommend(
        actor=chen_region, entry=catalogue["water"]["textbook"], by=authorities["hr_region"]
    )
    assert textbook.recommended_by == authorities["hr_region"]


def test_recommending_in_the_name_of_another_authority_or_a_draft_is_refused(
    catalogue, authorities, industry_water
):
    with pytest.raises(ValidationError) as caught:
        services.entry_recommend(
            actor=industry_water, entry=catalogue["water"]["course"], by=authorities["hr_urumqi"]
        )
    assert "recommended_by" in caught.value.error_dict
    draft = make_course(authorities["water"], is_published=False)
    with pytest.raises(ValidationError) as caught:
        services.entry_recommend(actor=industry_water, entry=draft)
    assert "is_published" in caught.value.error_dict


def test_authorities_for_each_role(authorities, chen_region, zhao_county, industry_water, admin, wang_fang):
    assert set(authorities_for(zhao_county)) == {authorities["hr_tianshan"]}
    assert set(authorities_for(industry_water)) == {authorities["water"]}
    assert authorities["outside"] not in authorities_for(chen_region)
    assert authorities["hr_ili"] in authorities_for(chen_region)
    assert authorities_for(admin).count() == len(authorities)
    assert not authorities_for(wang_fang).exists()


def test_drafts_are_seen_by_their_editors_only(authorities, zhao_county, chen_region, industry_water):
    draft = make_course(authorities["hr_tianshan"], is_published=False)
    assert draft not in courses_visible_to(AnonymousUser())
    assert draft not in courses_visible_to(industry_water)
    assert draft in courses_visible_to(zhao_county)
    assert draft in courses_visible_to(chen_region)


def test_series_and_level_filters_include_entries_for_everyone(authorities):
    owner = authorities["hr_region"]
    for_all = make_course(owner, title="通用")
    engineers = make_course(owner, title="工程", series=["engineering", "water_resources"][:1])
    doctors = make_course(owner, title="卫生", series=["health"], levels=["senior"])
    found = courses_visible_to(AnonymousUser(), CatalogueFilters(series="engineering"))
    assert set(found) == {for_all, engineers}
    found = courses_visible_to(AnonymousUser(), CatalogueFilters(level="junior"))
    assert set(found) == {for_all, engineers}
    found = courses_visible_to(AnonymousUser(), CatalogueFilters(series="health", level="senior"))
    assert set(found) == {for_all, doctors}
