from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from jxjy.access.auth import normalize_login_name


class LoginForm(AuthenticationForm):
    """Professionals log in with their citizen ID number; full-width digits, spaces and a lowercase x
    are accepted as typed."""

    username = forms.CharField(
        label=_("登录名"),
        max_length=150,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "username",
                "placeholder": _("公民身份号码或工作人员登录名"),
            }
        ),
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _(
            "登录名或密码不正确。专业技术人员请使用公民身份号码登录；连续输错多次账号将被暂时锁定。"
        ),
        "inactive": _("该账号已停用，请联系所在单位或人社部门。"),
    }

    def clean_username(self):
        return normalize_login_name(self.cleaned_data["username"])


class TokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100, help_text=_("例如：职称评审系统对接"))
