"""Counting a person's year: registered hours by form and subject kind, the caps of the year's
rules, and the requirement that applies to the person. Pure: no queries, so the same arithmetic
serves one person's page and a whole region's recount."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.catalogue.choices import SubjectKind
from jxjy.rules.choices import StudyForm
from jxjy.rules.hours import format_hours
from jxjy.rules.models import Requirement, RuleSet
from jxjy.rules.selectors import form_rule, requirement_for

# Read once: a recount evaluates a hundred thousand people, and StudyForm.values builds a new list
# on every access.
FORMS = tuple(StudyForm.values)
PROFESSIONAL, PUBLIC = SubjectKind.PROFESSIONAL.value, SubjectKind.PUBLIC.value

# What each shortfall is about; the sentence is made only when shown (a region's recount makes
# a hundred thousand results and shows none).
SHORT_OF = {
    "professional_short": gettext_lazy("专业科目"),
    "public_short": gettext_lazy("公需科目"),
    "total_short": gettext_lazy("总学时"),
}


@dataclass(frozen=True)
class Shortfall:
    code: str
    tenths: int = 0
    year: int = 0

    @property
    def message(self) -> str:
        if self.code == "no_rules":
            return _("%(year)s 年度学时规则尚未发布") % {"year": self.year}
        return _("%(what)s还差 %(hours)s 学时") % {"what": SHORT_OF[self.code], "hours": _plain(self.tenths)}


@dataclass
class YearResult:
    year: int
    professional_tenths: int = 0
    public_tenths: int = 0
    degree_study: bool = False
    met: bool = False
    rule_version: str = ""
    requirement: Requirement | None = None
    shortfalls: list[Shortfall] = field(default_factory=list)
    capped_forms: list[str] = field(default_factory=list)  # forms whose hours were cut to the cap

    @property
    def total_tenths(self) -> int:
        return self.professional_tenths + self.public_tenths

    @property
    def credits_tenths(self) -> int:
        if self.requirement is None:
            return 0
        return self.total_tenths * 10 // self.requirement.hours_per_credit_tenths


def evaluate_year(
    *,
    year: int,
    sums: dict[tuple[str, str], int],
    degree: bool,
    ruleset: RuleSet | None,
    series: str,
    level: str,
) -> YearResult:
    """`sums`: registered tenths by (form, subject kind). Caps apply per form to both kinds together;
    the hours over a cap come off the form's public hours first (public minimums are small, and
    capped forms are mostly the online public courses), then its professional hours."""
    result = YearResult(year=year, degree_study=degree)
    if ruleset is None:
        result.professional_tenths = sum(t for (_f, k), t in sums.items() if k == SubjectKind.PROFESSIONAL)
        result.public_tenths = sum(t for (_f, k), t in sums.items() if k == SubjectKind.PUBLIC)
        result.shortfalls = [Shortfall("no_rules", year=year)]
        return result
    result.rule_version = ruleset.label
    result.requirement = requirement = requirement_for(ruleset, series, level)
    studied = {form for form, _kind in sums}  # most people study in two or three forms of the nine
    for form in FORMS:
        if form not in studied:
            continue
        professional = max(sums.get((form, PROFESSIONAL), 0), 0)
        public = max(sums.get((form, PUBLIC), 0), 0)
        rule = form_rule(ruleset, form)
        cap = rule.annual_cap_tenths if rule else None
        if cap is not None and professional + public > cap:
            result.capped_forms.append(form)
            excess = professional + public - cap
            cut = min(public, excess)
            public, professional = public - cut, professional - (excess - cut)
        result.professional_tenths += professional
        result.public_tenths += public
    result.shortfalls = _shortfalls(result, requirement)
    result.met = not result.shortfalls or (degree and requirement.degree_counts_as_met)
    if result.met:
        result.shortfalls = []
    return result


def _shortfalls(result: YearResult, requirement: Requirement) -> list[Shortfall]:
    checks = [
        ("professional_short", requirement.professional_min_tenths, result.professional_tenths),
        ("public_short", requirement.public_min_tenths, result.public_tenths),
        ("total_short", requirement.total_tenths, result.total_tenths),
    ]
    return [Shortfall(code, required - have) for code, required, have in checks if have < required]


def _plain(tenths: int) -> str:
    """'12' for 12.0 and '7.5' for 7.5: how people write hours in a sentence."""
    text = format_hours(tenths)
    return text[:-2] if text.endswith(".0") else text
