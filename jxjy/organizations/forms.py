from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.config.pages import search_field
from jxjy.organizations.choices import Industry, OrgKind, UnitType
from jxjy.regions.forms import add_region_filter
from jxjy.regions.models import Region


class OrganizationFilterForm(forms.Form):
    q = search_field(_("名称或信用代码"), _("输入名称或统一社会信用代码"))
    kind = forms.ChoiceField(label=_("机构类别"), required=False, choices=[("", _("全部"))] + OrgKind.choices)
    industry = forms.ChoiceField(
        label=_("行业"), required=False, choices=[("", _("全部"))] + Industry.choices
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        add_region_filter(self, user)


class OrganizationForm(forms.Form):
    kind = forms.ChoiceField(label=_("机构类别"), choices=OrgKind.choices)
    unit_type = forms.ChoiceField(
        label=_("单位性质"),
        required=False,
        choices=[("", _("—"))] + UnitType.choices,
        help_text=_("用人单位填写"),
    )
    name = forms.CharField(label=_("名称"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=40, help_text=_("18 位，含校验位"))
    region = forms.ModelChoiceField(label=_("所在行政区划"), queryset=Region.objects.none())
    industry = forms.ChoiceField(
        label=_("所属行业"), required=False, choices=[("", _("—"))] + Industry.choices
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    is_key_field = forms.BooleanField(label=_("重点领域"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).order_by("code")
