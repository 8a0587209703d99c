"""The lists that export, by name. For a user and a list page's query string, each gives the rows
(scoped to the user, filtered as the page filters them), their columns, the filters for the audit
entry and the file's name. The pages answer `?format=xlsx|csv` with them; an export job (a list too
long to build while the browser waits) rebuilds the same rows from the saved query string in the
worker, and its page says in words which list and which filters the file holds."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.exports.columns import ListExport
from jxjy.organizations.models import Organization


@dataclass(frozen=True)
class ListRequest:
    name: str  # a key of BUILDERS
    export: ListExport
    rows: QuerySet
    filters: dict[str, Any]
    filename: str  # without extension, ASCII
    form: forms.Form = field(compare=False)  # the page's bound filter form


# Dotted paths, imported when first asked for: the list pages import this module.
BUILDERS = {
    "people": "jxjy.people.views.people_list_request",
    "records": "jxjy.records.views.records_list_request",
    "compliance": "jxjy.compliance.views.compliance_list_request",
    "organizations": "jxjy.organizations.views.organizations_list_request",
}


LIST_TITLES = {
    "people": gettext_lazy("人员"),
    "records": gettext_lazy("学习记录"),
    "compliance": gettext_lazy("达标情况"),
    "organizations": gettext_lazy("组织机构"),
}


def list_request(name: str, user, query: str) -> ListRequest:
    """The list `name` as `user` sees it with the page's `query` (a URL query string)."""
    return import_string(BUILDERS[name])(user, QueryDict(query))


@dataclass(frozen=True)
class ListDescription:
    title: str
    filters: list[tuple[str, str]]  # (label, value as the page shows it) of each filter applied
    url: str  # the list page with the same query


def list_described(name: str, user, query: str) -> ListDescription:
    """Which list an export holds and how it was narrowed, in the page's words, for the export job's
    page: a clerk with three exports of the same day tells them apart without opening them."""
    listed = list_request(name, user, query)
    form = listed.form
    cleaned = form.cleaned_data if form.is_valid() else {}
    shown = [
        _in_words(form.fields[key], key, value, user)
        for key, value in cleaned.items()
        if value not in (None, "", False)
    ]
    if listed.filters.get("year") and not cleaned.get("year"):
        shown.insert(0, (_("年度"), str(listed.filters["year"])))  # the year shown when none is chosen
    shown = [(label, text) for label, text in shown if text]
    page = QueryDict(query, mutable=True)
    page.pop("format", None)  # the page itself, not its file again
    url = reverse(f"{name}:list") + (f"?{page.urlencode()}" if page else "")
    return ListDescription(str(LIST_TITLES[name]), shown, url)


def _in_words(field: forms.Field, key: str, value, user) -> tuple[str, str]:
    if key == "unit" and isinstance(field.widget, forms.HiddenInput):
        # A unit followed from a link (the page has no select for it): its id, named here.
        unit = Organization.objects.visible_to(user).filter(pk=value).values_list("name", flat=True).first()
        return _("工作单位"), unit or ""
    if value is True:
        return str(field.label), _("是")
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(code): str(label).strip() for code, label in choices}  # counties are indented
        return str(field.label), labels.get(str(value), str(value))
    return str(field.label), str(value)
