from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jxjy.config.pages import search_field
from jxjy.organizations.choices import OrgKind
from jxjy.organizations.models import Organization
from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.regions.forms import add_region_filter

# A unit select longer than this is no help; above it the filter comes from links (?unit=) only.
MAX_UNIT_CHOICES = 300


def year_choices(count: int = 5) -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, f"{year} 年") for year in range(this_year, this_year - count, -1)]


class ComplianceFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    q = search_field(_("姓名或身份号码"), _("输入姓名或完整的公民身份号码"))
    unit = forms.IntegerField(label=_("工作单位"), required=False, widget=forms.HiddenInput)
    series = forms.ChoiceField(
        label=_("职称系列"), required=False, choices=[("", _("全部"))] + ProfessionalSeries.choices
    )
    level = forms.ChoiceField(
        label=_("职称级别"), required=False, choices=[("", _("全部"))] + TitleLevel.choices
    )
    met = forms.ChoiceField(
        label=_("是否达标"), required=False, choices=[("", _("全部")), ("1", _("已达标")), ("0", _("未达标"))]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        units = list(
            Organization.objects.visible_to(user)
            .filter(kind=OrgKind.UNIT)
            .order_by("name", "id")
            .values_list("id", "name")[: MAX_UNIT_CHOICES + 1]
        )
        self.show_unit_select = 1 < len(units) <= MAX_UNIT_CHOICES
        if self.show_unit_select:
            self.fields["unit"] = forms.TypedChoiceField(
                label=_("工作单位"),
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", _("全部"))] + units,
            )
        add_region_filter(self, user)

    def cleaned_year(self) -> int:
        return (self.cleaned_data.get("year") if self.is_valid() else None) or timezone.localdate().year
