"""The catalogue of art. 7: yearly subject guides (公需科目指南, 专业科目指南), and the courses and
textbooks industry authorities build and recommend, all tagged by series, category and level."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jxjy.access.choices import Role
from jxjy.access.scope import EVERYTHING, Grant, ScopedQuerySet
from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.catalogue.tags import TagsField, labels
from jxjy.organizations.choices import OrgKind
from jxjy.people.choices import ProfessionalSeries, TitleLevel

# art. 7: guides come from the HR department; courses and textbooks from industry authorities and
# organisations (and the HR department too).
AUTHORITY_KINDS = (OrgKind.HR_DEPARTMENT, OrgKind.INDUSTRY_AUTHORITY, OrgKind.INDUSTRY_ORGANISATION)
INDUSTRY_KINDS = (OrgKind.INDUSTRY_AUTHORITY, OrgKind.INDUSTRY_ORGANISATION)
MAX_TENTHS = 10 * 1000  # 1,000 hours: far beyond any course, a guard against typos


def authority_rule(grant: Grant, via: str = "") -> Q:
    """The authorities (organisations) a grant acts for, as a filter on `via` + organisation fields:
    an HR officer for every authority in their region, an industry officer for their industry's."""
    if grant.role == Role.PLATFORM_ADMIN:
        return EVERYTHING
    in_region = Q(**{f"{via}region__code__startswith": grant.region_prefix})
    if grant.role == Role.HR_OFFICER:
        return in_region
    return in_region & Q(**{f"{via}industry": grant.industry, f"{via}kind__in": INDUSTRY_KINDS})


def hours_text(tenths: int) -> str:
    """15 -> '1.5', 20 -> '2'."""
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth}" if tenth else str(whole)


class TaggedMixin:
    """Labels of an entry's series and level tags, for pages."""

    @property
    def series_labels(self) -> str:
        return labels(ProfessionalSeries, self.series)

    @property
    def levels_labels(self) -> str:
        return labels(TitleLevel, self.levels)


def _edit_rules(via: str) -> dict:
    rule = lambda grant: authority_rule(grant, via)  # noqa: E731
    return {Role.HR_OFFICER: rule, Role.INDUSTRY_OFFICER: rule, Role.PLATFORM_ADMIN: rule}


class CatalogueQuerySet(ScopedQuerySet):
    """Published entries are public (anyone, signed in or not, reads them); drafts only their editors."""

    published_field = "is_published"
    edit_rules = _edit_rules("published_by__")

    def visible_to(self, user):
        return self.filter(**{self.published_field: True}) | self.editable_by(user)


class GuideSubjectQuerySet(CatalogueQuerySet):
    # A subject is maintained with, and published with, its guide.
    published_field = "guide__is_published"
    edit_rules = _edit_rules("guide__published_by__")


class Published(models.Model):
    """What guides, courses and textbooks share: the authority that owns the entry, and publication."""

    published_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("发布机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("人力资源社会保障部门、行业主管部门或行业组织"),
    )
    is_published = models.BooleanField(_("已发布"), default=False, db_index=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.published_by_id and self.published_by.kind not in AUTHORITY_KINDS:
            raise ValidationError({"published_by": [_("发布机构须为人社部门、行业主管部门或行业组织")]})


def _check_category(kind: str, category: str, errors: dict) -> None:
    if kind == SubjectKind.PUBLIC and not category:
        errors["public_category"] = [_("公需科目须注明内容类别")]
    if kind == SubjectKind.PROFESSIONAL and category:
        errors["public_category"] = [_("专业科目不分公需内容类别")]


class Guide(Published):
    """公需科目指南 or 专业科目指南 for one year."""

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    kind = models.CharField(_("指南类别"), max_length=16, choices=SubjectKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-year", "kind", "id"]
        verbose_name = _("科目指南")
        verbose_name_plural = _("科目指南")
        constraints = [
            models.UniqueConstraint(
                fields=["published_by", "year", "kind"],
                name="catalogue_one_guide_per_authority_year_kind",
                violation_error_message=_("该机构已发布同年度同类别的指南"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class GuideSubject(TaggedMixin, models.Model):
    """A subject listed in a guide, tagged by the series and levels it is meant for."""

    guide = models.ForeignKey(
        Guide, verbose_name=_("指南"), on_delete=models.CASCADE, related_name="subjects"
    )
    title = models.CharField(_("科目名称"), max_length=200)
    public_category = models.CharField(
        _("公需内容类别"), max_length=16, choices=PublicCategory.choices, blank=True
    )
    series = TagsField(_("适用职称系列"), tag_choices=ProfessionalSeries)
    levels = TagsField(_("适用职称级别"), tag_choices=TitleLevel)
    # Hours in tenths, like every hour count on the platform: 1.5 学时 is 15, never a float.
    suggested_tenths = models.PositiveIntegerField(
        _("建议学时（0.1 学时）"), default=0, validators=[MaxValueValidator(MAX_TENTHS)]
    )
    description = models.TextField(_("内容简介"), blank=True)
    position = models.PositiveSmallIntegerField(_("序号"), default=0)

    objects = GuideSubjectQuerySet.as_manager()

    class Meta:
        ordering = ["guide", "position", "id"]
        verbose_name = _("指南科目")
        verbose_name_plural = _("指南科目")

    def __str__(self) -> str:
        return self.title

    @property
    def suggested_hours(self) -> str:
        return hours_text(self.suggested_tenths)

    def clean(self) -> None:
        errors: dict = {}
        if self.guide_id:
            _check_category(self.guide.kind, self.public_category, errors)
        if errors:
            raise ValidationError(errors)


class Entry(TaggedMixin, Published):
    """A course or a textbook: tagged like subjects, and recommendable (推荐) by an authority."""

    title = models.CharField(_("名称"), max_length=200, db_index=True)
    kind = models.CharField(_("科目类别"), max_length=16, choices=SubjectKind.choices)
    public_category = models.CharField(
        _("公需内容类别"), max_length=16, choices=PublicCategory.choices, blank=True
    )
    series = TagsField(_("适用职称系列"), tag_choices=ProfessionalSeries)
    levels = TagsField(_("适用职称级别"), tag_choices=TitleLevel)
    description = models.TextField(_("内容简介"), blank=True)
    # art. 7: 推荐优秀课程和优秀教材. Withdrawing clears the three fields; the audit log keeps who
    # recommended and when.
    recommended_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("推荐机构"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recommended_on = models.DateField(_("推荐日期"), null=True, blank=True, db_index=True)
    recommended_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("推荐操作人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_recommended(self) -> bool:
        return self.recommended_on is not None

    def clean(self) -> None:
        errors: dict = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.error_dict)
        _check_category(self.kind, self.public_category, errors)
        if self.recommended_by_id and self.recommended_by.kind not in AUTHORITY_KINDS:
            errors["recommended_by"] = [_("推荐机构须为人社部门、行业主管部门或行业组织")]
        if errors:
            raise ValidationError(errors)


class Course(Entry):
    provider = models.CharField(_("提供机构"), max_length=200)
    hours_tenths = models.PositiveIntegerField(
        _("学时（0.1 学时）"), validators=[MinValueValidator(1), MaxValueValidator(MAX_TENTHS)]
    )
    url = models.URLField(_("课程网址"), blank=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("课程")
        verbose_name_plural = _("课程")

    @property
    def hours(self) -> str:
        return hours_text(self.hours_tenths)


class Textbook(Entry):
    authors = models.CharField(_("作者"), max_length=200)
    publisher = models.CharField(_("出版社"), max_length=200)
    isbn = models.CharField(_("ISBN"), max_length=17, blank=True)
    publication_year = models.PositiveSmallIntegerField(
        _("出版年份"), null=True, blank=True, validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("教材")
        verbose_name_plural = _("教材")
