"""Reads of the division tree, through the user's scope (the platform's jurisdiction)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jxjy.regions.models import Region, level_of, level_prefix


@dataclass(frozen=True)
class RegionFilters:
    q: str = ""
    parent_code: str = ""
    level: str = ""


def subtree_prefix_of(code: str) -> str:
    """The prefix of everything under the division `code` (650100 → 6501), without a query."""
    return level_prefix(code, level_of(code)) if len(code) == 6 and code.isdigit() else code


def regions_visible_to(user, filters: RegionFilters = RegionFilters()) -> QuerySet[Region]:
    regions = Region.objects.visible_to(user).select_related("parent")
    if filters.q.strip():
        regions = regions.filter(Q(name__contains=filters.q.strip()) | Q(code=filters.q.strip()))
    if filters.parent_code:
        regions = regions.filter(parent__code=filters.parent_code)
    if filters.level:
        regions = regions.filter(level=filters.level)
    return regions


def region_visible_to(user, code: str) -> Region:
    return regions_visible_to(user).get(code=code)
