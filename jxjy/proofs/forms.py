from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProofIssueForm(forms.Form):
    """One year, or a span: "to" left empty means the one year "from"."""

    from_year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    to_year = forms.IntegerField(label=_("至（可选）"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_year"].initial = timezone.localdate().year


class ProofRevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因（将在公开查验页显示）"), max_length=200)


class VerifyCodeForm(forms.Form):
    code = forms.CharField(label=_("验证码"), max_length=40)
