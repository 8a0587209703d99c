"""Reads of the rules: the version in force for a year, and the requirement that applies to a person.
Rules are public information (the regulation's own numbers), so reads are not scoped."""

from django.db.models import Prefetch

from jxjy.rules.models import ActivityRule, FormRule, Requirement, RuleSet


def ruleset_in_force(year: int) -> RuleSet | None:
    """The newest version of `year`'s rules, with its rows loaded, or None when none is published."""
    return (
        RuleSet.objects.filter(year=year)
        .prefetch_related(
            Prefetch("form_rules", queryset=FormRule.objects.order_by("id")),
            Prefetch("activity_rules", queryset=ActivityRule.objects.order_by("id")),
            Prefetch("requirements", queryset=Requirement.objects.order_by("id")),
        )
        .order_by("-version")
        .first()
    )


def requirement_for(ruleset: RuleSet, series: str, level: str) -> Requirement:
    """The most specific requirement row: series and level, then series, then level, then default."""
    rows = _indexed(
        ruleset, "_requirements_by_key", lambda: {(r.series, r.level): r for r in ruleset.requirements.all()}
    )
    for key in ((series, level), (series, ""), ("", level), ("", "")):
        if key in rows:
            return rows[key]
    raise LookupError(f"rule set {ruleset.label} has no default requirement")


def activity_rule(ruleset: RuleSet, code: str) -> ActivityRule | None:
    return _indexed(
        ruleset, "_activity_rules_by_code", lambda: {r.code: r for r in ruleset.activity_rules.all()}
    ).get(code)


def activity_code_of(ruleset: RuleSet, code_or_name: str) -> str | None:
    """The code of the activity named by its code or its name (an import's drop-down shows names)."""
    return activity_codes(ruleset).get(code_or_name)


def activity_codes(ruleset: RuleSet) -> dict[str, str]:
    """Every name and code that names an activity of the ruleset, with its code (a code wins over a
    name spelt the same)."""
    return _indexed(
        ruleset,
        "_activity_codes_by_code_or_name",
        lambda: {
            **{r.name: r.code for r in ruleset.activity_rules.all()},
            **{r.code: r.code for r in ruleset.activity_rules.all()},
        },
    )


def form_rule(ruleset: RuleSet, form: str) -> FormRule | None:
    return _indexed(
        ruleset, "_form_rules_by_form", lambda: {r.form: r for r in ruleset.form_rules.all()}
    ).get(form)


def _indexed(ruleset: RuleSet, name: str, build) -> dict:
    """A lookup table over the ruleset's rows, built once per loaded ruleset (a recount of a region
    evaluates the same rules for a hundred thousand people)."""
    table = ruleset.__dict__.get(name)
    if table is None:
        table = ruleset.__dict__[name] = build()
    return table


def ruleset_versions(year: int) -> list[RuleSet]:
    return list(RuleSet.objects.filter(year=year).select_related("created_by").order_by("-version"))
