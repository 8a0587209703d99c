"""Compliance pages: everyone in the user's scope for a year (with XLSX and CSV exports), and one person's
year."""

from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.compliance.forms import ComplianceFilterForm, year_choices
from jxjy.compliance.selectors import ComplianceFilters, compliance_for, compliance_list, counted_records
from jxjy.config.pages import paginate
from jxjy.exports.columns import compliance_export
from jxjy.exports.http import export_response, requested_format
from jxjy.exports.lists import ListRequest
from jxjy.people.models import Person
from jxjy.people.selectors import PersonFilters, person_visible_to
from jxjy.records.selectors import progress_bars

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


def compliance_list_request(user, data) -> ListRequest:
    form = ComplianceFilterForm(data or None, user=user)
    year = form.cleaned_year()
    filters = _filters(form)
    return ListRequest(
        name="compliance",
        export=compliance_export(),
        rows=compliance_list(user, year, filters).order_by("name", "id"),
        filters={"year": year, **asdict(filters)},
        filename=f"compliance-{year}",
        form=form,
    )


@login_required
def compliance_list_view(request):
    if requested_format(request):
        return export_response(request, compliance_list_request(request.user, request.GET))
    form = ComplianceFilterForm(request.GET or None, user=request.user)
    year = form.cleaned_year()
    people = compliance_list(request.user, year, _filters(form)).order_by("name", "id")
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
