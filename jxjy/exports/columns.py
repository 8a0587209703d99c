"""What each list exports: its columns, each a Chinese header, the field path it is read from (one
`values_list` query over the scoped queryset: no model instances, no query per row) and how the
stored value becomes a cell (choice labels, 是/否, masked ID numbers)."""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.catalogue.choices import SubjectKind
from jxjy.exports.writers import Field, Kind
from jxjy.organizations.choices import Industry, OrgKind, UnitType
from jxjy.people.choices import ProfessionalSeries, Sex, TitleLevel
from jxjy.people.id_numbers import mask_id_number
from jxjy.records.choices import RecordStatus
from jxjy.rules.choices import StudyForm

CHUNK_SIZE = 2000  # rows per fetch: a server-side cursor on PostgreSQL, fetchmany on SQLite
YES_NO = object()  # a boolean shown as 是/否


@dataclass(frozen=True)
class Column:
    label: str
    source: str  # the path given to values_list()
    kind: Kind = Kind.TEXT
    width: float = 14
    labels: type | object | None = None  # a TextChoices class, or YES_NO


@dataclass(frozen=True)
class ListExport:
    name: str  # "people" → audit action "export.people"
    columns: tuple[Column, ...]
    person_path: str | None  # from a row to its person's id, for the full-ID-number decision; None: no people

    def header(self, full_id_numbers: bool) -> list[Field]:
        return [
            Field(
                _id_label(column.label, full_id_numbers) if column.kind is Kind.ID_NUMBER else column.label,
                column.kind,
                column.width,
            )
            for column in self.columns
        ]

    def rows(self, queryset: QuerySet, full_id_numbers: bool) -> Iterator[list]:
        """The cells of every row, fetched in chunks and converted as they stream past."""
        converters = [
            (index, _converter(column, full_id_numbers)) for index, column in enumerate(self.columns)
        ]
        converters = [(index, convert) for index, convert in converters if convert is not None]
        values = queryset.values_list(*(column.source for column in self.columns))
        for row in values.iterator(chunk_size=CHUNK_SIZE):
            cells = list(row)
            for index, convert in converters:
                cells[index] = convert(cells[index])
            yield cells


def _id_label(label: str, full: bool) -> str:
    # The file says itself that numbers are masked: it travels without the page that made it.
    return label if full else _("%(label)s（已隐去部分号码）") % {"label": label}


def _converter(column: Column, full_id_numbers: bool) -> Callable | None:
    if column.kind is Kind.ID_NUMBER:
        return None if full_id_numbers else mask_id_number
    if column.labels is YES_NO:
        names: Mapping = {True: _("是"), False: _("否")}
    elif column.labels is not None:
        names = {value: str(label) for value, label in column.labels.choices}
    else:
        return None
    return lambda value: names.get(value, value)


def _columns(specs: Iterable[Sequence]) -> tuple[Column, ...]:
    return tuple(Column(str(label), *rest) for label, *rest in specs)


NAME = (gettext_lazy("姓名"), "name", Kind.TEXT, 10)
ID_NUMBER = (gettext_lazy("公民身份号码"), "id_number", Kind.ID_NUMBER, 22)


def people_export() -> ListExport:
    """Built when used, so the labels are in the language active for the request."""
    return ListExport(
        name="people",
        person_path="pk",
        columns=_columns(
            [
                NAME,
                ID_NUMBER,
                (gettext_lazy("性别"), "sex", Kind.TEXT, 6, Sex),
                (gettext_lazy("出生日期"), "birth_date", Kind.DATE, 12),
                (gettext_lazy("工作单位"), "unit__name", Kind.TEXT, 30),
                (gettext_lazy("档案代理机构"), "file_agency__name", Kind.TEXT, 24),
                (gettext_lazy("所在行政区划"), "region__name", Kind.TEXT, 14),
                (gettext_lazy("职称系列"), "series", Kind.TEXT, 18, ProfessionalSeries),
                (gettext_lazy("职称级别"), "level", Kind.TEXT, 10, TitleLevel),
                (gettext_lazy("在职"), "in_service", Kind.TEXT, 6, YES_NO),
            ]
        ),
    )


def records_export() -> ListExport:
    return ListExport(
        name="records",
        person_path="person_id",
        columns=_columns(
            [
                (gettext_lazy("姓名"), "person__name", Kind.TEXT, 10),
                (gettext_lazy("公民身份号码"), "person__id_number", Kind.ID_NUMBER, 22),
                (gettext_lazy("工作单位"), "person__unit__name", Kind.TEXT, 30),
                (gettext_lazy("学习项目名称"), "title", Kind.TEXT, 30),
                (gettext_lazy("学习形式"), "form", Kind.TEXT, 20, StudyForm),
                (gettext_lazy("科目类别"), "subject_kind", Kind.TEXT, 10, SubjectKind),
                (gettext_lazy("主办单位"), "organiser", Kind.TEXT, 24),
                (gettext_lazy("开始日期"), "start_date", Kind.DATE, 12),
                (gettext_lazy("结束日期"), "end_date", Kind.DATE, 12),
                (gettext_lazy("计入年度"), "year", Kind.INTEGER, 8),
                (gettext_lazy("申报学时"), "claimed_tenths", Kind.HOURS, 10),
                (gettext_lazy("认定学时"), "recognised_tenths", Kind.HOURS, 10),
                (gettext_lazy("状态"), "status", Kind.TEXT, 8, RecordStatus),
                (gettext_lazy("登记机构"), "registrar__name", Kind.TEXT, 24),
                (gettext_lazy("证书或证明编号"), "certificate_number", Kind.TEXT, 20),
            ]
        ),
    )


def compliance_export() -> ListExport:
    """The columns of compliance_list's annotations (the kept yearly totals)."""
    return ListExport(
        name="compliance",
        person_path="pk",
        columns=_columns(
            [
                NAME,
                ID_NUMBER,
                (gettext_lazy("工作单位"), "unit__name", Kind.TEXT, 30),
                (gettext_lazy("职称系列"), "series", Kind.TEXT, 18, ProfessionalSeries),
                (gettext_lazy("职称级别"), "level", Kind.TEXT, 10, TitleLevel),
                (gettext_lazy("专业科目学时"), "professional_tenths", Kind.HOURS, 12),
                (gettext_lazy("公需科目学时"), "public_tenths", Kind.HOURS, 12),
                (gettext_lazy("总学时"), "total_tenths", Kind.HOURS, 10),
                (gettext_lazy("是否达标"), "met", Kind.TEXT, 8, YES_NO),
                (gettext_lazy("规则版本"), "rule_version", Kind.TEXT, 10),
            ]
        ),
    )


def organizations_export() -> ListExport:
    """The organisations a user oversees, with what an HR officer needs to reach them (the contact).
    No person in it: nothing to mask."""
    return ListExport(
        name="organizations",
        person_path=None,
        columns=_columns(
            [
                (gettext_lazy("名称"), "name", Kind.TEXT, 30),
                (gettext_lazy("统一社会信用代码"), "credit_code", Kind.TEXT, 22),
                (gettext_lazy("机构类别"), "kind", Kind.TEXT, 16, OrgKind),
                (gettext_lazy("单位性质"), "unit_type", Kind.TEXT, 10, UnitType),
                (gettext_lazy("所在行政区划"), "region__name", Kind.TEXT, 14),
                (gettext_lazy("所属行业"), "industry", Kind.TEXT, 24, Industry),
                (gettext_lazy("重点领域"), "is_key_field", Kind.TEXT, 8, YES_NO),
                (gettext_lazy("地址"), "address", Kind.TEXT, 30),
                (gettext_lazy("联系人"), "contact_name", Kind.TEXT, 10),
                (gettext_lazy("联系电话"), "contact_phone", Kind.TEXT, 16),
                (gettext_lazy("有效"), "is_active", Kind.TEXT, 6, YES_NO),
            ]
        ),
    )
