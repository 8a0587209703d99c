from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from jxjy.config.pages import errors_to_form, form_status, paginate
from jxjy.exports.columns import people_export
from jxjy.exports.http import export_response, requested_format
from jxjy.exports.lists import ListRequest
from jxjy.people.forms import PersonFilterForm, PersonForm
from jxjy.people.models import Person
from jxjy.people.selectors import PersonFilters, people_visible_to, person_visible_to, shown_id_number
from jxjy.people.services import person_create, person_full_id_disclosed, person_update


def _people_listed(user, data) -> tuple[PersonFilterForm, PersonFilters]:
    form = PersonFilterForm(data or None, user=user)
    filters = PersonFilters()
    if form.is_valid():
        data = form.cleaned_data
        in_service = {"1": True, "0": False}.get(data["in_service"])
        filters = PersonFilters(
            q=data["q"],
            unit_id=data["unit"],
            region_code=data.get("region", ""),
            series=data["series"],
            level=data["level"],
            in_service=in_service,
        )
    return form, filters


def people_list_request(user, data) -> ListRequest:
    form, filters = _people_listed(user, data)
    return ListRequest(
        name="people",
        export=people_export(),
        rows=people_visible_to(user, filters),
        filters=asdict(filters),
        filename=f"people-{timezone.localdate():%Y%m%d}",
        form=form,
    )


@login_required
def person_list(request):
    if requested_format(request):
        return export_response(request, people_list_request(request.user, request.GET))
    form, filters = _people_listed(request.user, request.GET)
    people = people_visible_to(request.user, filters)
    context = {"form": form, **paginate(request, people)}
    template = "people/_results.html" if request.htmx else "people/list.html"
    return render(request, template, context)


@login_required
def person_detail(request, person_id: int):
    person = _visible_or_404(request.user, person_id)
    full_id = person_full_id_disclosed(actor=request.user, person=person)
    may_edit = Person.objects.editable_by(request.user).filter(pk=person.pk).exists()
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "id_number": shown_id_number(person, full_id),
            "may_edit": may_edit,
        },
    )


@login_required
def person_create_view(request):
    form = PersonForm(request.POST or None, user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, f"已新增人员：{person.name}")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request, "people/form.html", {"form": form, "title": "新增专业技术人员"}, status=form_status(form)
    )


@login_required
def person_edit_view(request, person_id: int):
    person = _visible_or_404(request.user, person_id)
    if not Person.objects.editable_by(request.user).filter(pk=person.pk).exists():
        raise PermissionDenied("您无权修改该人员信息")
    initial = {
        field: getattr(person, field)
        for field in ("name", "unit", "file_agency", "series", "level", "in_service", "phone")
    }
    form = PersonForm(request.POST or None, initial=initial, user=request.user, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_update(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": f"修改：{person.name}", "person": person},
        status=form_status(form),
    )


def _visible_or_404(user, person_id: int) -> Person:
    try:
        return person_visible_to(user, person_id)
    except Person.DoesNotExist:
        raise Http404("人员不存在") from None
