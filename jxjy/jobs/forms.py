from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.jobs.choices import JobKind


class JobFilterForm(forms.Form):
    q = forms.CharField(
        label=_("文件名"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("输入文件名的一部分"), "type": "search"}),
    )
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + JobKind.choices)
