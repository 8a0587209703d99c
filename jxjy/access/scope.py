"""Scope: which objects a login may see and act on, decided in one place.

A login holds grants (its roles, each at an organisation, a region node or themself). Each domain's
queryset subclasses `ScopedQuerySet` and states, per role, the filter that role sees (`view_rules`)
and may change (`edit_rules`). Every user-facing list and detail goes through `visible_to(user)`;
every write checks `editable_by(user)` before and after. An object outside scope is simply not in
the queryset, so views answer 404 for it, exactly as for an object that does not exist.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Self

from django.db import models
from django.db.models import Q

from jxjy.access.choices import Role


@dataclass(frozen=True)
class Grant:
    role: str
    organization_id: int | None = None
    region_prefix: str | None = None
    industry: str = ""
    person_id: int | None = None


Rule = Callable[[Grant], Q]
EVERYTHING = Q()


def grants_of(user) -> list[Grant]:
    """The user's grants, read once per request object (cached on the user instance)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_jxjy_grants", None)
    if cached is not None:
        return cached
    grants = []
    for assignment in user.roles.select_related("region").order_by("id"):
        grants.append(
            Grant(
                role=assignment.role,
                organization_id=assignment.organization_id,
                region_prefix=assignment.region.subtree_prefix if assignment.region else None,
                industry=assignment.industry,
                person_id=user.person_id if assignment.role == Role.PROFESSIONAL else None,
            )
        )
    user._jxjy_grants = grants
    return grants


def roles_of(user) -> set[str]:
    return {grant.role for grant in grants_of(user)}


def forget_grants(user) -> None:
    """After roles change within one request (tests, services granting roles)."""
    if hasattr(user, "_jxjy_grants"):
        del user._jxjy_grants


class ScopedQuerySet(models.QuerySet):
    view_rules: ClassVar[dict[str, Rule]] = {}
    edit_rules: ClassVar[dict[str, Rule]] = {}

    def visible_to(self, user) -> Self:
        return self._restrict(user, self.view_rules)

    def editable_by(self, user) -> Self:
        return self._restrict(user, self.edit_rules)

    def _restrict(self, user, rules: dict[str, Rule]) -> Self:
        condition = None
        for grant in grants_of(user):
            rule = rules.get(grant.role)
            if rule is None:
                continue
            q = rule(grant)
            if q == EVERYTHING:
                return self.all()
            condition = q if condition is None else condition | q
        if condition is None:
            return self.none()
        # Rules follow forward foreign keys only, which never multiply rows: no DISTINCT needed.
        return self.filter(condition)

    def authorizing_grant(self, user, pk: int) -> Grant | None:
        """The first of the user's grants that lets them change object `pk` (for the audit entry)."""
        for grant in grants_of(user):
            rule = self.edit_rules.get(grant.role)
            if rule is not None and self.filter(rule(grant), pk=pk).exists():
                return grant
        return None
