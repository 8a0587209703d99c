"""The year's hour-recognition rules (学时认定规则): public to read, every version kept; the region
HR department edits them here, and each save publishes a new version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.rules.api import rules_out
from jxjy.rules.choices import CountingUnit, StudyForm
from jxjy.rules.defaults import default_document
from jxjy.rules.forms import RulesEditForm
from jxjy.rules.models import ActivityRule, FormRule, Requirement, RuleSet
from jxjy.rules.selectors import ruleset_in_force, ruleset_versions
from jxjy.rules.services import rule_setting_role, ruleset_publish

YEARS = range(2000, 2101)  # as ruleset_publish accepts


def rules_index(request):
    return redirect("rules:year", year=timezone.localdate().year)


def rules_year(request, year: int):
    ruleset = ruleset_in_force(year) if year in YEARS else None
    if ruleset is None:
        return _missing(request, year)
    return _rules_page(request, ruleset, in_force=ruleset)


def rules_version(request, year: int, version: int):
    ruleset = _ruleset_version(year, version) if year in YEARS else None
    if ruleset is None:
        return _missing(request, year, version)
    return _rules_page(request, ruleset, in_force=ruleset_versions(year)[0])


@login_required
def rules_edit(request, year: int):
    if year not in YEARS:
        raise Http404
    if rule_setting_role(request.user) is None:
        raise PermissionDenied(_("只有自治区人力资源社会保障部门可以制定学时规则"))
    in_force = ruleset_in_force(year)
    document = rules_out(in_force) if in_force else default_document(year)
    version = in_force.version if in_force else 0
    form = RulesEditForm(request.POST or None, document=document, version=version)
    if request.method == "POST" and form.is_valid():
        ruleset = _publish(request, form, year=year, based_on=version)
        if ruleset is not None:
            messages.success(
                request,
                _("已发布 %(year)s 年度第 %(version)s 版规则，达标情况已按新规则重新计算")
                % {"year": year, "version": ruleset.version},
            )
            return redirect("rules:year", year=year)
    context = {"form": form, "year": year, "in_force": in_force}
    return render(request, "rules/edit.html", context, status=422 if form.has_errors else 200)


def _publish(request, form: RulesEditForm, *, year: int, based_on: int) -> RuleSet | None:
    """The new version, or None with the errors put on the form (nothing written)."""
    if (form.meta.cleaned_data["based_on"] or 0) != based_on:
        form.page_errors.append(
            _("在您编辑期间已发布了第 %(version)s 版规则，请重新打开本页后再修改") % {"version": based_on}
        )
        return None
    try:
        return ruleset_publish(
            actor=request.user, year=year, document=form.document(), reason=form.meta.cleaned_data["reason"]
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return None


def _rules_page(request, ruleset: RuleSet, *, in_force: RuleSet):
    context = {
        "ruleset": ruleset,
        "in_force": in_force,
        "is_old": ruleset.version != in_force.version,
        **_tables(ruleset),
        "versions": ruleset_versions(ruleset.year),
        "years": _years_with_rules(),
        "may_edit": rule_setting_role(request.user) is not None,
    }
    return render(request, "rules/year.html", context)


def _missing(request, year: int, version: int | None = None):
    context = {
        "year": year,
        "version": version,
        "years": _years_with_rules(),
        "may_edit": year in YEARS and rule_setting_role(request.user) is not None,
    }
    return render(request, "rules/missing.html", context, status=404)


def _tables(ruleset: RuleSet) -> dict:
    """The document with the labels people read beside the codes it stores."""
    document = rules_out(ruleset)
    for row in document["requirements"]:
        row["series_label"] = ProfessionalSeries(row["series"]).label if row["series"] else _("全部系列")
        row["level_label"] = TitleLevel(row["level"]).label if row["level"] else _("全部级别")
    for row in document["forms"]:
        row["form_label"] = StudyForm(row["form"]).label
    for row in document["activities"]:
        row["form_label"] = StudyForm(row["form"]).label
        row["unit_label"] = CountingUnit(row["unit"]).label
        row["by_level"] = row["unit"] == CountingUnit.ITEM
    return {key: document[key] for key in ("requirements", "forms", "activities")}


def _ruleset_version(year: int, version: int) -> RuleSet | None:
    return (
        RuleSet.objects.filter(year=year, version=version)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("form_rules", queryset=FormRule.objects.order_by("id")),
            Prefetch("activity_rules", queryset=ActivityRule.objects.order_by("id")),
            Prefetch("requirements", queryset=Requirement.objects.order_by("id")),
        )
        .first()
    )


def _years_with_rules() -> list[int]:
    return list(RuleSet.objects.order_by("-year").values_list("year", flat=True).distinct())
