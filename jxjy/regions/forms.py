from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jxjy.access.choices import Role
from jxjy.access.scope import grants_of
from jxjy.regions.models import Region


def add_region_filter(form: forms.Form, user) -> None:
    """A 行政区划 filter for those who oversee divisions: the divisions under their region roles
    (the administrator: the whole jurisdiction). Others have no use for it and get none."""
    grants = grants_of(user)
    if any(grant.role == Role.PLATFORM_ADMIN for grant in grants):
        under = Q()
    else:
        prefixes = [grant.region_prefix for grant in grants if grant.region_prefix]
        if not prefixes:
            return
        under = Q()
        for prefix in prefixes:
            under |= Q(code__startswith=prefix)
    regions = Region.objects.visible_to(user).filter(under).order_by("code")
    choices = [("", _("全部"))] + [(r.code, ("　" if r.level == "county" else "") + r.name) for r in regions]
    form.fields["region"] = forms.ChoiceField(label=_("行政区划"), required=False, choices=choices)
