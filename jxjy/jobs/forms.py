from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.config.pages import search_field
from jxjy.jobs.choices import JobKind


class JobFilterForm(forms.Form):
    q = search_field(_("文件名"), _("输入文件名的一部分"))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + JobKind.choices)
