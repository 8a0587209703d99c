"""The proofs panel on a person's page, with its own data, so the people app need not know proofs."""

from django import template
from django.utils import timezone

from jxjy.proofs.selectors import may_issue, may_revoke, proofs_of

register = template.Library()


@register.inclusion_tag("proofs/_person_proofs_panel.html", takes_context=True)
def person_proofs(context, person):
    """`person` has been checked to be in the user's scope by the page that shows it."""
    user = context["request"].user
    return {
        "person": person,
        "proofs": list(proofs_of(person)),
        "may_issue": may_issue(user, person),
        "may_revoke": may_revoke(user, person),
        "this_year": timezone.localdate().year,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
