from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.jobs.choices import JobKind


class JobFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + JobKind.choices)
