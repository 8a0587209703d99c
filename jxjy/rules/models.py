"""Hour-recognition rules and the annual requirement, as data versioned by year (art. 11-13).

A year's rules are a `RuleSet`; changing them writes a new version, never edits an old one, so a
compliance result can name the version it was counted under. Hours are integer tenths of an hour
everywhere (`*_tenths`): sums are exact and identical on SQLite and PostgreSQL.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.rules.choices import CountingUnit, StudyForm


class RuleSet(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"))
    reason = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("制定人"), null=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("制定时间"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="ruleset_year_version")]
        verbose_name = _("学时规则")
        verbose_name_plural = _("学时规则")

    def __str__(self) -> str:
        return f"{self.year} 年度第 {self.version} 版"

    @property
    def label(self) -> str:
        """What a compliance result names: '2026-v2'."""
        return f"{self.year}-v{self.version}"


class FormRule(models.Model):
    """Per form of study: the annual cap on hours it may contribute, and whether proof is required."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="form_rules")
    form = models.CharField(_("学习形式"), max_length=32, choices=StudyForm.choices)
    annual_cap_tenths = models.PositiveIntegerField(_("年度上限（0.1学时）"), null=True, blank=True)
    evidence_required = models.BooleanField(_("须上传证明材料"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ruleset", "form"], name="formrule_once_per_set")]

    def __str__(self) -> str:
        return f"{self.ruleset_id} {self.form}"


class ActivityRule(models.Model):
    """One way of earning hours within a form (学时折算标准): a training class by actual hours, a
    national conference per item, teaching a CE class at 3 hours per hour taught..."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="activity_rules")
    code = models.SlugField(_("代码"), max_length=40)
    form = models.CharField(_("学习形式"), max_length=32, choices=StudyForm.choices)
    name = models.CharField(_("名称"), max_length=100)
    unit = models.CharField(_("折算方式"), max_length=16, choices=CountingUnit.choices)
    # Hours per unit: per hour (a factor: 10 = 1.0), per half day, per day, per course.
    per_unit_tenths = models.PositiveIntegerField(_("每单位学时（0.1学时）"), default=0)
    # Per item, by level (conference attended, paper presented).
    national_tenths = models.PositiveIntegerField(_("国家级（0.1学时）"), default=0)
    regional_tenths = models.PositiveIntegerField(_("自治区级（0.1学时）"), default=0)
    local_tenths = models.PositiveIntegerField(_("地方级（0.1学时）"), default=0)
    # The most one calendar day can hold for this activity; more is flagged for the registrar.
    max_per_day_tenths = models.PositiveIntegerField(_("每日上限（0.1学时）"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "code"], name="activity_once_per_set")]

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    """The annual requirement (art. 11): the default row has blank series and level; a row for a
    series, a level or both overrides it for those people (the most specific row wins)."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="requirements")
    series = models.CharField(_("职称系列"), max_length=32, choices=ProfessionalSeries.choices, blank=True)
    level = models.CharField(_("职称级别"), max_length=16, choices=TitleLevel.choices, blank=True)
    total_tenths = models.PositiveIntegerField(_("总学时（0.1学时）"))
    professional_min_tenths = models.PositiveIntegerField(_("专业科目最低学时（0.1学时）"))
    public_min_tenths = models.PositiveIntegerField(_("公需科目最低学时（0.1学时）"))
    # Credits (学分) shown beside hours: hours divided by this (10 = one credit per hour).
    hours_per_credit_tenths = models.PositiveIntegerField(_("每学分学时（0.1学时）"), default=10)
    # art. 13: degree study during the year may count as the year met.
    degree_counts_as_met = models.BooleanField(_("学历教育视为达标"), default=True)
    registration_deadline = models.DateField(_("登记截止日期"))
    # Records for this year may still be submitted (补登/补学) until this date; null: not after the deadline.
    makeup_until = models.DateField(_("补登截止日期"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "series", "level"], name="requirement_once_per_set")
        ]

    def __str__(self) -> str:
        return f"{self.ruleset_id} {self.series or '*'} {self.level or '*'}"
