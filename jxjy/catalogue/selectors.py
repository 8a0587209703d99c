"""Reads of the catalogue. Published entries are public; drafts are seen by their editors only
(CatalogueQuerySet.visible_to), so every list and detail here is given the user, signed in or not."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jxjy.access.scope import EVERYTHING, grants_of
from jxjy.catalogue.models import (
    AUTHORITY_KINDS,
    CatalogueQuerySet,
    Course,
    Guide,
    GuideSubject,
    Textbook,
    authority_rule,
)
from jxjy.catalogue.tags import tagged
from jxjy.organizations.models import Organization


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    year: int | None = None
    kind: str = ""
    category: str = ""  # 公需内容类别
    series: str = ""  # entries tagged with it, and those for every series
    level: str = ""
    recommended: bool | None = None


def authorities_for(user) -> QuerySet[Organization]:
    """The authorities the user may publish and recommend in the name of (none for most roles)."""
    authorities = Organization.objects.filter(kind__in=AUTHORITY_KINDS, is_active=True)
    condition = None
    for grant in grants_of(user):
        if grant.role not in CatalogueQuerySet.edit_rules:
            continue
        rule = authority_rule(grant)
        if rule == EVERYTHING:
            return authorities
        condition = rule if condition is None else condition | rule
    return authorities.filter(condition) if condition is not None else authorities.none()


def guides_visible_to(user, filters: CatalogueFilters = CatalogueFilters()) -> QuerySet[Guide]:
    guides = Guide.objects.visible_to(user).select_related("published_by")
    query = filters.q.strip()
    if query:
        # A guide is found by its own title or by a subject it lists.
        guides = guides.filter(
            Q(title__contains=query) | Q(pk__in=_subjects_titled(query).values("guide_id"))
        )
    if filters.year:
        guides = guides.filter(year=filters.year)
    if filters.kind:
        guides = guides.filter(kind=filters.kind)
    return guides


def subjects_visible_to(user, filters: CatalogueFilters = CatalogueFilters()) -> QuerySet[GuideSubject]:
    subjects = GuideSubject.objects.visible_to(user).select_related("guide", "guide__published_by")
    if filters.q.strip():
        subjects = subjects.filter(title__contains=filters.q.strip())
    if filters.year:
        subjects = subjects.filter(guide__year=filters.year)
    if filters.kind:
        subjects = subjects.filter(guide__kind=filters.kind)
    return _tag_filters(subjects, filters)


def courses_visible_to(user, filters: CatalogueFilters = CatalogueFilters()) -> QuerySet[Course]:
    courses = Course.objects.visible_to(user)
    if filters.q.strip():
        query = filters.q.strip()
        courses = courses.filter(Q(title__contains=query) | Q(provider__contains=query))
    return _entry_filters(courses, filters)


def textbooks_visible_to(user, filters: CatalogueFilters = CatalogueFilters()) -> QuerySet[Textbook]:
    textbooks = Textbook.objects.visible_to(user)
    if filters.q.strip():
        query = filters.q.strip()
        textbooks = textbooks.filter(
            Q(title__contains=query) | Q(authors__contains=query) | Q(publisher__contains=query)
        )
    return _entry_filters(textbooks, filters)


def may_edit(user, instance) -> bool:
    return type(instance).objects.editable_by(user).filter(pk=instance.pk).exists()


def _subjects_titled(query: str) -> QuerySet[GuideSubject]:
    return GuideSubject.objects.filter(title__contains=query)


def _entry_filters(entries: QuerySet, filters: CatalogueFilters) -> QuerySet:
    entries = entries.select_related("published_by", "recommended_by")
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.recommended is not None:
        entries = entries.filter(recommended_on__isnull=not filters.recommended)
    return _tag_filters(entries, filters)


def _tag_filters(entries: QuerySet, filters: CatalogueFilters) -> QuerySet:
    if filters.category:
        entries = entries.filter(public_category=filters.category)
    if filters.series:
        entries = entries.filter(tagged("series", filters.series))
    if filters.level:
        entries = entries.filter(tagged("levels", filters.level))
    return entries
