"""Which organisations a login may import for."""

from jxjy.access.choices import Role
from jxjy.access.scope import grants_of
from jxjy.jobs.services import IMPORT_ORG_KINDS, IMPORT_ROLES
from jxjy.organizations.codes import normalize_credit_code
from jxjy.organizations.models import Organization


def import_organizations(user, kind: str):
    """The bases (records) or units (people) `user` imports for; every one for the administrator."""
    grants = grants_of(user)
    organizations = Organization.objects.filter(kind=IMPORT_ORG_KINDS[kind]).order_by("name", "id")
    if any(grant.role == Role.PLATFORM_ADMIN for grant in grants):
        return organizations
    ids = [grant.organization_id for grant in grants if grant.role == IMPORT_ROLES[kind]]
    return organizations.filter(pk__in=ids)


def import_organization(user, kind: str, credit_code: str = ""):
    """The one organisation an upload is for: the one named by its credit code, or the user's only
    one; None when it is not one the user imports for (or the user has several and named none)."""
    choices = import_organizations(user, kind)
    if credit_code:
        return choices.filter(credit_code=normalize_credit_code(credit_code)).first()
    first_two = list(choices[:2])
    return first_two[0] if len(first_two) == 1 else None
