"""Reads of organisations, always through the user's scope (Organization.objects.visible_to)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jxjy.organizations.codes import normalize_credit_code
from jxjy.organizations.models import Organization
from jxjy.regions.selectors import subtree_prefix_of


@dataclass(frozen=True)
class OrganizationFilters:
    q: str = ""  # part of a name, or a whole credit code
    kind: str = ""
    region_code: str = ""
    industry: str = ""


def organizations_visible_to(
    user, filters: OrganizationFilters = OrganizationFilters()
) -> QuerySet[Organization]:
    organizations = Organization.objects.visible_to(user).select_related("region")
    query = filters.q.strip()
    if query:
        organizations = organizations.filter(
            Q(name__contains=query) | Q(credit_code=normalize_credit_code(query))
        )
    if filters.kind:
        organizations = organizations.filter(kind=filters.kind)
    if filters.region_code:
        organizations = organizations.filter(region__code__startswith=subtree_prefix_of(filters.region_code))
    if filters.industry:
        organizations = organizations.filter(industry=filters.industry)
    return organizations


def organization_visible_to(user, organization_id: int) -> Organization:
    return organizations_visible_to(user).get(pk=organization_id)
