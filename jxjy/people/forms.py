from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.config.pages import search_field
from jxjy.organizations.choices import OrgKind
from jxjy.organizations.models import Organization
from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.regions.forms import add_region_filter


class PersonFilterForm(forms.Form):
    q = search_field(_("姓名或身份号码"), _("输入姓名或完整的公民身份号码"))
    series = forms.ChoiceField(
        label=_("职称系列"), required=False, choices=[("", _("全部"))] + ProfessionalSeries.choices
    )
    level = forms.ChoiceField(
        label=_("职称级别"), required=False, choices=[("", _("全部"))] + TitleLevel.choices
    )
    in_service = forms.ChoiceField(
        label=_("在职状态"), required=False, choices=[("", _("全部")), ("1", _("在职")), ("0", _("不在职"))]
    )
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        add_region_filter(self, user)


class PersonForm(forms.Form):
    """Create and edit in one form; the ID number is asked only when creating (it is the identity)."""

    id_number = forms.CharField(
        label=_("公民身份号码"), max_length=40, help_text=_("18 位；出生日期和性别由号码自动得出")
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    unit = forms.ModelChoiceField(
        label=_("工作单位"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("无工作单位的，填写档案代理机构"),
    )
    file_agency = forms.ModelChoiceField(
        label=_("档案代理机构"), queryset=Organization.objects.none(), required=False
    )
    series = forms.ChoiceField(label=_("职称系列"), choices=ProfessionalSeries.choices)
    level = forms.ChoiceField(label=_("职称级别"), choices=TitleLevel.choices)
    in_service = forms.BooleanField(label=_("在职"), required=False, initial=True)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)

    def __init__(self, *args, user, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Organization.objects.visible_to(user)
        self.fields["unit"].queryset = visible.filter(kind=OrgKind.UNIT)
        self.fields["file_agency"].queryset = visible.filter(kind=OrgKind.FILE_AGENCY)
        if not creating:
            del self.fields["id_number"]
