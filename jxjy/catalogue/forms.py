from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.catalogue.selectors import authorities_for
from jxjy.config.pages import search_field
from jxjy.people.choices import ProfessionalSeries, TitleLevel

ALL = [("", _("全部"))]


class CatalogueFilterForm(forms.Form):
    q = search_field(_("关键词"), _("名称、提供机构、作者…"), max_length=100)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("科目类别"), required=False, choices=ALL + SubjectKind.choices)
    category = forms.ChoiceField(
        label=_("公需内容类别"), required=False, choices=ALL + PublicCategory.choices
    )
    series = forms.ChoiceField(label=_("职称系列"), required=False, choices=ALL + ProfessionalSeries.choices)
    level = forms.ChoiceField(label=_("职称级别"), required=False, choices=ALL + TitleLevel.choices)
    recommended = forms.BooleanField(label=_("仅看推荐"), required=False)


def _hours_field(label, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        decimal_places=1,
        max_digits=5,
        help_text=_("可精确到 0.1 学时"),
    )


def _tenths(value) -> int:
    return int(value * 10) if value is not None else 0


class TaggedForm(forms.Form):
    """The tags every subject, course and textbook carries; none ticked means it applies to all."""

    series = forms.MultipleChoiceField(
        label=_("适用职称系列"),
        required=False,
        choices=ProfessionalSeries.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限系列"),
    )
    levels = forms.MultipleChoiceField(
        label=_("适用职称级别"),
        required=False,
        choices=TitleLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限级别"),
    )


class PublishedForm(forms.Form):
    published_by = forms.ModelChoiceField(label=_("发布机构"), queryset=None)
    is_published = forms.BooleanField(label=_("发布（公开可见）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_by"].queryset = authorities_for(user)


class GuideForm(PublishedForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("指南类别"), choices=SubjectKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["year", "kind", "title", "note", "published_by", "is_published"]


class SubjectForm(TaggedForm):
    title = forms.CharField(label=_("科目名称"), max_length=200)
    public_category = forms.ChoiceField(
        label=_("公需内容类别"), required=False, choices=[("", "—")] + PublicCategory.choices
    )
    suggested_tenths = _hours_field(_("建议学时"), required=False)
    description = forms.CharField(
        label=_("内容简介"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    position = forms.IntegerField(label=_("序号"), required=False, min_value=0, max_value=1000)
    field_order = ["title", "public_category", "series", "levels", "suggested_tenths", "description"]

    def clean_suggested_tenths(self) -> int:
        return _tenths(self.cleaned_data["suggested_tenths"])

    def clean_position(self) -> int:
        return self.cleaned_data["position"] or 0


class EntryForm(TaggedForm, PublishedForm):
    title = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("科目类别"), choices=SubjectKind.choices)
    public_category = forms.ChoiceField(
        label=_("公需内容类别"), required=False, choices=[("", "—")] + PublicCategory.choices
    )
    description = forms.CharField(
        label=_("内容简介"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CourseForm(EntryForm):
    provider = forms.CharField(label=_("提供机构"), max_length=200)
    hours_tenths = _hours_field(_("学时"))
    url = forms.URLField(label=_("课程网址"), required=False, max_length=200, assume_scheme="https")
    field_order = ["title", "kind", "public_category", "provider", "hours_tenths", "series", "levels"]

    def clean_hours_tenths(self) -> int:
        return _tenths(self.cleaned_data["hours_tenths"])


class TextbookForm(EntryForm):
    authors = forms.CharField(label=_("作者"), max_length=200)
    publisher = forms.CharField(label=_("出版社"), max_length=200)
    isbn = forms.CharField(label=_("ISBN"), max_length=17, required=False)
    publication_year = forms.IntegerField(label=_("出版年份"), required=False, min_value=1949, max_value=2100)
    field_order = ["title", "kind", "public_category", "authors", "publisher", "isbn", "publication_year"]
