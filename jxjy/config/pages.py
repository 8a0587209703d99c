"""Small helpers shared by the server-rendered list and form pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> dict:
    """The page asked for (out-of-range numbers give the nearest page) and the query string to keep."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {"page": page, "query_without_page": params.urlencode()}


def search_field(label, placeholder, **options) -> forms.CharField:
    """A list page's free-text filter (its `q`): optional, shown as a search box with a hint."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search"}),
        **options,
    )


def errors_to_form(form: Form, error: ValidationError) -> None:
    """A service's ValidationError shown beside the fields it names (others at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_status(form: Form) -> int:
    """A form sent back with errors answers 422, so scripts and tests can tell it from a fresh form."""
    return 422 if form.is_bound and form.errors else 200
