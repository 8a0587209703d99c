"""The public catalogue pages (anyone may read published entries) and the authorities' forms."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jxjy.catalogue import services
from jxjy.catalogue.forms import CatalogueFilterForm, CourseForm, GuideForm, SubjectForm, TextbookForm
from jxjy.catalogue.models import Course, Guide, GuideSubject, Textbook
from jxjy.catalogue.selectors import (
    CatalogueFilters,
    authorities_for,
    courses_visible_to,
    guides_visible_to,
    may_edit,
    textbooks_visible_to,
)
from jxjy.config.pages import errors_to_form, form_status, paginate

TABS = {
    "guides": ("科目指南", guides_visible_to, "catalogue/_guides.html"),
    "courses": ("课程", courses_visible_to, "catalogue/_courses.html"),
    "textbooks": ("教材", textbooks_visible_to, "catalogue/_textbooks.html"),
}


def _list_page(request, tab: str):
    title, select, results_template = TABS[tab]
    form = CatalogueFilterForm(request.GET or None)
    filters = CatalogueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = CatalogueFilters(
            q=data["q"],
            year=data["year"] if tab == "guides" else None,
            kind=data["kind"],
            category=data["category"],
            series=data["series"],
            level=data["level"],
            recommended=True if data["recommended"] and tab != "guides" else None,
        )
    context = {
        "form": form,
        "tab": tab,
        "title": title,
        "results_template": results_template,
        "may_maintain": authorities_for(request.user).exists(),
        **paginate(request, select(request.user, filters)),
    }
    return render(request, results_template if request.htmx else "catalogue/index.html", context)


def guide_list(request):
    return _list_page(request, "guides")


def course_list(request):
    return _list_page(request, "courses")


def textbook_list(request):
    return _list_page(request, "textbooks")


def guide_detail(request, guide_id: int):
    guide = _get_or_404(guides_visible_to(request.user), guide_id)
    context = {"guide": guide, "subjects": guide.subjects.all(), "may_edit": may_edit(request.user, guide)}
    return render(request, "catalogue/guide_detail.html", context)


def course_detail(request, course_id: int):
    return _entry_detail(request, _get_or_404(courses_visible_to(request.user), course_id), "course")


def textbook_detail(request, textbook_id: int):
    return _entry_detail(request, _get_or_404(textbooks_visible_to(request.user), textbook_id), "textbook")


def _entry_detail(request, entry, kind: str):
    context = {"entry": entry, "kind": kind, "may_edit": may_edit(request.user, entry)}
    return render(request, "catalogue/entry_detail.html", context)


# ---- the authorities' forms ---------------------------------------------------------------------


@login_required
def guide_create_view(request):
    form = GuideForm(request.POST or None, user=request.user)
    return _form_page(
        request, form, lambda data: services.guide_create(actor=request.user, data=data), "新增科目指南"
    )


@login_required
def guide_edit_view(request, guide_id: int):
    guide = _editable_or_404(Guide, request.user, guide_id)
    form = GuideForm(request.POST or None, initial=_initial(guide, GuideForm), user=request.user)
    save = lambda data: services.guide_update(actor=request.user, guide=guide, data=data)  # noqa: E731
    return _form_page(request, form, save, f"修改：{guide.title}", cancel=guide)


@login_required
def subject_create_view(request, guide_id: int):
    guide = _editable_or_404(Guide, request.user, guide_id)
    form = SubjectForm(request.POST or None)
    save = lambda data: services.subject_create(actor=request.user, guide=guide, data=data)  # noqa: E731
    return _form_page(request, form, save, f"{guide.title}：新增科目", cancel=guide, done=guide)


@login_required
def subject_edit_view(request, subject_id: int):
    subject = _editable_or_404(GuideSubject, request.user, subject_id)
    form = SubjectForm(request.POST or None, initial=_initial(subject, SubjectForm))
    save = lambda data: services.subject_update(actor=request.user, subject=subject, data=data)  # noqa: E731
    return _form_page(
        request, form, save, f"修改科目：{subject.title}", cancel=subject.guide, done=subject.guide
    )


@login_required
def course_create_view(request):
    form = CourseForm(request.POST or None, user=request.user)
    return _form_page(
        request, form, lambda data: services.course_create(actor=request.user, data=data), "新增课程"
    )


@login_required
def course_edit_view(request, course_id: int):
    course = _editable_or_404(Course, request.user, course_id)
    form = CourseForm(request.POST or None, initial=_initial(course, CourseForm), user=request.user)
    save = lambda data: services.course_update(actor=request.user, course=course, data=data)  # noqa: E731
    return _form_page(request, form, save, f"修改：{course.title}", cancel=course)


@login_required
def textbook_create_view(request):
    form = TextbookForm(request.POST or None, user=request.user)
    save = lambda data: services.textbook_create(actor=request.user, data=data)  # noqa: E731
    return _form_page(request, form, save, "新增教材")


@login_required
def textbook_edit_view(request, textbook_id: int):
    textbook = _editable_or_404(Textbook, request.user, textbook_id)
    form = TextbookForm(request.POST or None, initial=_initial(textbook, TextbookForm), user=request.user)
    save = lambda data: services.textbook_update(actor=request.user, textbook=textbook, data=data)  # noqa: E731
    return _form_page(request, form, save, f"修改：{textbook.title}", cancel=textbook)


@login_required
@require_POST
def recommend_view(request, model_name: str, entry_id: int, withdraw: bool = False):
    model = {"course": Course, "textbook": Textbook}[model_name]
    entry = _editable_or_404(model, request.user, entry_id)
    try:
        if withdraw:
            services.entry_unrecommend(actor=request.user, entry=entry)
        else:
            services.entry_recommend(actor=request.user, entry=entry)
    except ValidationError as error:
        for messages_of_field in error.message_dict.values():
            messages.error(request, "；".join(messages_of_field))
    else:
        messages.success(request, "已撤销推荐" if withdraw else "已标记为推荐")
    return redirect(f"catalogue:{model_name}", entry.pk)


def _form_page(request, form, save, title: str, cancel=None, done=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, "已保存")
            return redirect(_detail_url(done or saved))
    context = {"form": form, "title": title, "cancel_url": _detail_url(cancel) if cancel else None}
    return render(request, "catalogue/form.html", context, status=form_status(form))


def _detail_url(instance) -> str:
    name = instance._meta.model_name
    return reverse(f"catalogue:{name}", args=[instance.pk])


def _initial(instance, form_class) -> dict:
    initial = {}
    for field in form_class.base_fields:
        value = getattr(instance, field, None)
        if field.endswith("_tenths"):
            value = Decimal(value) / 10
        initial[field] = value
    return initial


def _get_or_404(queryset, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404("条目不存在") from None


def _editable_or_404(model, user, pk: int):
    """Maintenance answers 404 for whatever the user may not maintain, published or not."""
    return _get_or_404(model.objects.editable_by(user), pk)
