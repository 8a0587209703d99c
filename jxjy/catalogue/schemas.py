"""The API's shapes for the catalogue. Hours are integer tenths (15 = 1.5 学时), as stored."""

import datetime

from ninja import Field, FilterSchema, Schema

from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.config.api_types import ObjectId, Text
from jxjy.people.choices import ProfessionalSeries, TitleLevel

Tenths = Field(..., ge=1, le=10_000, description="学时，以 0.1 学时为单位的整数（15 即 1.5 学时）")
SERIES = Field(default_factory=list, description="适用职称系列；空表示不限")
LEVELS = Field(default_factory=list, description="适用职称级别；空表示不限")


class CatalogueQuery(FilterSchema):
    q: Text = Field("", max_length=100, description="名称（或其一部分）；课程含提供机构，教材含作者、出版社")
    year: int | None = Field(None, ge=2000, le=2100, description="指南年度")
    kind: SubjectKind | None = None
    category: PublicCategory | None = Field(None, description="公需内容类别")
    series: ProfessionalSeries | None = Field(None, description="适用于该系列的（含不限系列的）")
    level: TitleLevel | None = Field(None, description="适用于该级别的（含不限级别的）")
    recommended: bool | None = Field(None, description="仅课程、教材：是否已推荐")


class SubjectOut(Schema):
    id: int
    guide_id: int
    title: str
    public_category: str
    series: list[str]
    levels: list[str]
    suggested_tenths: int
    description: str
    position: int


class PublishedOut(Schema):
    id: int
    title: str
    published_by_id: int
    published_by_name: str = Field(..., alias="published_by.name")
    is_published: bool
    published_on: datetime.date | None


class GuideOut(PublishedOut):
    year: int
    kind: SubjectKind
    note: str


class GuideDetailOut(GuideOut):
    subjects: list[SubjectOut]

    @staticmethod
    def resolve_subjects(guide) -> list:
        return list(guide.subjects.all())


class EntryOut(PublishedOut):
    kind: SubjectKind
    public_category: str
    series: list[str]
    levels: list[str]
    description: str
    is_recommended: bool
    recommended_by_id: int | None
    recommended_on: datetime.date | None


class CourseOut(EntryOut):
    provider: str
    hours_tenths: int
    url: str


class TextbookOut(EntryOut):
    authors: str
    publisher: str
    isbn: str
    publication_year: int | None


class GuideCreate(Schema, extra="forbid"):
    year: int = Field(..., ge=2000, le=2100)
    kind: SubjectKind
    title: Text = Field(..., min_length=1, max_length=200)
    note: Text = ""
    published_by_id: ObjectId
    is_published: bool = False


class GuideUpdate(Schema, extra="forbid"):
    year: int = Field(None, ge=2000, le=2100)
    kind: SubjectKind = None
    title: Text = Field(None, min_length=1, max_length=200)
    note: Text = None
    published_by_id: ObjectId = None
    is_published: bool = None


class SubjectCreate(Schema, extra="forbid"):
    title: Text = Field(..., min_length=1, max_length=200)
    public_category: PublicCategory | None = None
    series: list[ProfessionalSeries] = SERIES
    levels: list[TitleLevel] = LEVELS
    suggested_tenths: int = Field(0, ge=0, le=10_000)
    description: Text = ""
    position: int = Field(0, ge=0, le=1000)


class SubjectUpdate(Schema, extra="forbid"):
    title: Text = Field(None, min_length=1, max_length=200)
    public_category: PublicCategory | None = None
    series: list[ProfessionalSeries] = None
    levels: list[TitleLevel] = None
    suggested_tenths: int = Field(None, ge=0, le=10_000)
    description: Text = None
    position: int = Field(None, ge=0, le=1000)


class EntryCreate(Schema, extra="forbid"):
    title: Text = Field(..., min_length=1, max_length=200)
    kind: SubjectKind
    public_category: PublicCategory | None = None
    series: list[ProfessionalSeries] = SERIES
    levels: list[TitleLevel] = LEVELS
    description: Text = ""
    published_by_id: ObjectId
    is_published: bool = False


class EntryUpdate(Schema, extra="forbid"):
    title: Text = Field(None, min_length=1, max_length=200)
    kind: SubjectKind = None
    public_category: PublicCategory | None = None
    series: list[ProfessionalSeries] = None
    levels: list[TitleLevel] = None
    description: Text = None
    published_by_id: ObjectId = None
    is_published: bool = None


class CourseCreate(EntryCreate):
    provider: Text = Field(..., min_length=1, max_length=200)
    hours_tenths: int = Tenths
    url: Text = Field("", max_length=200)


class CourseUpdate(EntryUpdate):
    provider: Text = Field(None, min_length=1, max_length=200)
    hours_tenths: int = Field(None, ge=1, le=10_000)
    url: Text = Field(None, max_length=200)


class TextbookCreate(EntryCreate):
    authors: Text = Field(..., min_length=1, max_length=200)
    publisher: Text = Field(..., min_length=1, max_length=200)
    isbn: Text = Field("", max_length=17)
    publication_year: int | None = Field(None, ge=1949, le=2100)


class TextbookUpdate(EntryUpdate):
    authors: Text = Field(None, min_length=1, max_length=200)
    publisher: Text = Field(None, min_length=1, max_length=200)
    isbn: Text = Field(None, max_length=17)
    publication_year: int | None = Field(None, ge=1949, le=2100)


class RecommendIn(Schema, extra="forbid"):
    by_id: ObjectId | None = Field(None, description="推荐机构；缺省为发布机构")
