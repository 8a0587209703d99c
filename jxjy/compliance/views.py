"""Compliance pages: everyone in the user's scope for a year (with a CSV export), and one person's year."""

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.compliance.forms import ComplianceFilterForm, year_choices
from jxjy.compliance.selectors import ComplianceFilters, compliance_for, compliance_list, counted_records
from jxjy.config.pages import paginate
from jxjy.people.id_numbers import mask_id_number
from jxjy.people.models import Person
from jxjy.people.selectors import PersonFilters, person_visible_to
from jxjy.records.selectors import progress_bars
from jxjy.rules.hours import format_hours

HISTORY_YEARS = 5


def _filters(form: ComplianceFilterForm) -> ComplianceFilters:
    if not form.is_valid():
        return ComplianceFilters()
    data = form.cleaned_data
    people = PersonFilters(
        q=data["q"],
        unit_id=data["unit"],
        region_code=data.get("region", ""),
        series=data["series"],
        level=data["level"],
    )
    return ComplianceFilters(people=people, met={"1": True, "0": False}.get(data["met"]))


@login_required
def compliance_list_view(request):
    form = ComplianceFilterForm(request.GET or None, user=request.user)
    year = form.cleaned_year()
    people = compliance_list(request.user, year, _filters(form)).order_by("met", "name", "id")
    if request.GET.get("format") == "csv":
        return _csv_response(people, year)
    context = {"form": form, "year": year, **paginate(request, people)}
    count = context["page"].paginator.count
    met_count = people.filter(met=True).count() if count else 0
    context |= {
        "count": count,
        "met_count": met_count,
        "met_rate": f"{met_count * 100 / count:.1f}%" if count else "—",
    }
    template = "compliance/_results.html" if request.htmx else "compliance/list.html"
    return render(request, template, context)


CSV_HEADER = [
    "姓名",
    "公民身份号码",
    "工作单位",
    "职称系列",
    "职称级别",
    "专业科目学时",
    "公需科目学时",
    "总学时",
    "是否达标",
    "规则版本",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(people, year: int) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # the byte-order mark: Excel opens the file as UTF-8 (Chinese, not mojibake)
    yield writer.writerow(CSV_HEADER)
    for person in people.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                person.name,
                mask_id_number(person.id_number),
                person.unit.name if person.unit else "",
                person.get_series_display(),
                person.get_level_display(),
                format_hours(person.professional_tenths),
                format_hours(person.public_tenths),
                format_hours(person.total_tenths),
                _("是") if person.met else _("否"),
                person.rule_version,
            ]
        )


def _csv_response(people, year: int) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_rows(people, year), content_type="text/csv; charset=utf-8")
    filename = f"compliance-{year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def person_year_view(request, person_id: int):
    try:
        person = person_visible_to(request.user, person_id)
    except Person.DoesNotExist:
        raise Http404(_("人员不存在")) from None
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    result = compliance_for(person, year)
    history = [compliance_for(person, y) for y in range(this_year, this_year - HISTORY_YEARS, -1)]
    context = {
        "person": person,
        "year": year,
        "years": year_choices(),
        "result": result,
        "bars": progress_bars(result),
        "records": counted_records(person, year),
        "history": history,
    }
    return render(request, "compliance/person.html", context)
