from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.access.forms import LoginForm, TokenForm
from jxjy.access.models import ApiToken
from jxjy.access.selectors import home_sections
from jxjy.access.services import password_change, token_create, token_revoke
from jxjy.config.pages import form_status


class LoginView(auth_views.LoginView):
    template_name = "access/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def home(request):
    """The public front page for visitors; for a logged-in user, what each of their roles can do."""
    if not request.user.is_authenticated:
        return render(request, "access/landing.html")
    return render(request, "access/home.html", {"sections": home_sections(request.user)})


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        api_token, created = token_create(actor=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "access/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@login_required
def change_password(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(actor=request.user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error("new_password2", error)
        else:
            update_session_auth_hash(request, request.user)  # stay logged in on this device
            messages.success(request, _("密码已修改"))
            return redirect("access:home")
    return render(request, "access/change_password.html", {"form": form}, status=form_status(form))


@login_required
@require_POST
def revoke_token(request, token_id: int):
    api_token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=token_id)
    token_revoke(actor=request.user, api_token=api_token)
    messages.success(request, f"令牌 {api_token.prefix}… 已吊销")
    return redirect("access:tokens")
