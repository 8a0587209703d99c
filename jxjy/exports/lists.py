"""The lists that export, by name. For a user and a list page's query string, each gives the rows
(scoped to the user, filtered as the page filters them), their columns, the filters for the audit
entry and the file's name. The pages answer `?format=xlsx|csv` with them; an export job (a list too
long to build while the browser waits) rebuilds the same rows from the saved query string in the
worker."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.module_loading import import_string

from jxjy.exports.columns import ListExport


@dataclass(frozen=True)
class ListRequest:
    name: str  # a key of BUILDERS
    export: ListExport
    rows: QuerySet
    filters: dict[str, Any]
    filename: str  # without extension, ASCII


# Dotted paths, imported when first asked for: the list pages import this module.
BUILDERS = {
    "people": "jxjy.people.views.people_list_request",
    "records": "jxjy.records.views.records_list_request",
    "compliance": "jxjy.compliance.views.compliance_list_request",
    "organizations": "jxjy.organizations.views.organizations_list_request",
}


def list_request(name: str, user, query: str) -> ListRequest:
    """The list `name` as `user` sees it with the page's `query` (a URL query string)."""
    return import_string(BUILDERS[name])(user, QueryDict(query))
