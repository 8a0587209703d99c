from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from jxjy.config.pages import errors_to_form, form_status, paginate
from jxjy.exports.columns import organizations_export
from jxjy.exports.http import export_response, requested_format
from jxjy.exports.lists import ListRequest
from jxjy.organizations.forms import OrganizationFilterForm, OrganizationForm
from jxjy.organizations.models import Organization
from jxjy.organizations.selectors import (
    OrganizationFilters,
    organization_visible_to,
    organizations_visible_to,
)
from jxjy.organizations.services import EDITABLE_FIELDS, organization_create, organization_update
from jxjy.people.selectors import people_visible_to

# The form edits what the service may change, except switching an organisation off (not on this page yet).
FORM_FIELDS = tuple(field for field in EDITABLE_FIELDS if field != "is_active")


def _organizations_listed(user, data) -> tuple[OrganizationFilterForm, OrganizationFilters]:
    form = OrganizationFilterForm(data or None, user=user)
    filters = OrganizationFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = OrganizationFilters(
            q=data["q"], kind=data["kind"], industry=data["industry"], region_code=data.get("region", "")
        )
    return form, filters


def organizations_list_request(user, data) -> ListRequest:
    form, filters = _organizations_listed(user, data)
    return ListRequest(
        name="organizations",
        export=organizations_export(),
        rows=organizations_visible_to(user, filters),
        filters=asdict(filters),
        filename=f"organizations-{timezone.localdate():%Y%m%d}",
        form=form,
    )


@login_required
def organization_list(request):
    if requested_format(request):
        return export_response(request, organizations_list_request(request.user, request.GET))
    form, filters = _organizations_listed(request.user, request.GET)
    organizations = organizations_visible_to(request.user, filters)
    context = {"form": form, **paginate(request, organizations)}
    template = "organizations/_results.html" if request.htmx else "organizations/list.html"
    return render(request, template, context)


@login_required
def organization_detail(request, organization_id: int):
    organization = _visible_or_404(request.user, organization_id)
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "staff_count": people_visible_to(request.user).filter(unit=organization).count(),
            "may_edit": Organization.objects.editable_by(request.user).filter(pk=organization.pk).exists(),
        },
    )


@login_required
def organization_create_view(request):
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organization = organization_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        except PermissionDenied:
            form.add_error("region", "该行政区划超出您的管理范围")
        else:
            messages.success(request, f"已新增机构：{organization.name}")
            return redirect("organizations:detail", organization_id=organization.pk)
    return render(
        request, "organizations/form.html", {"form": form, "title": "新增机构"}, status=form_status(form)
    )


@login_required
def organization_edit_view(request, organization_id: int):
    organization = _visible_or_404(request.user, organization_id)
    if not Organization.objects.editable_by(request.user).filter(pk=organization.pk).exists():
        raise PermissionDenied("您无权修改该机构")
    initial = {field: getattr(organization, field) for field in FORM_FIELDS}
    form = OrganizationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organization = organization_update(
                actor=request.user, organization=organization, data=form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except PermissionDenied:
            form.add_error("region", "该行政区划超出您的管理范围")
        else:
            messages.success(request, "已保存")
            return redirect("organizations:detail", organization_id=organization.pk)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "title": f"修改：{organization.name}", "organization": organization},
        status=form_status(form),
    )


def _visible_or_404(user, organization_id: int) -> Organization:
    try:
        return organization_visible_to(user, organization_id)
    except Organization.DoesNotExist:
        raise Http404("机构不存在") from None
