"""The demo catalogue: three years of public-subject guides, professional guides for four series,
courses and textbooks, some recommended. Loaded like the rest of the demo (jxjy.demo): validated row
by row, saved in bulk, one audit entry per kind of object."""

import datetime
from collections import Counter

from django.db import transaction

from jxjy.audit.services import audit_write
from jxjy.catalogue.models import INDUSTRY_KINDS, Course, Guide, GuideSubject, Textbook
from jxjy.organizations.models import Organization

LAW, THEORY, ETHICS, TECH = "law", "theory_policy", "ethics", "tech_info"
ENG, HEALTH, TEACH, ACC = "engineering", "health", "school_teaching", "accounting"
SENIOR = ["deputy_senior", "senior"]

PUBLIC_SUBJECTS = {
    2024: [
        ("习近平新时代中国特色社会主义思想", THEORY, 60),
        ("学习贯彻党的二十大精神", THEORY, 40),
        ("法治政府建设", LAW, 30),
        ("专业技术人员职业道德", ETHICS, 20),
        ("数字经济与人工智能", TECH, 30),
    ],
    2025: [
        ("习近平新时代中国特色社会主义思想", THEORY, 60),
        ("铸牢中华民族共同体意识", THEORY, 40),
        ("中华人民共和国民法典解读", LAW, 30),
        ("专业技术人员职业道德与诚信建设", ETHICS, 20),
        ("数字经济与人工智能", TECH, 30),
        ("网络安全与个人信息保护", TECH, 20),
    ],
    2026: [
        ("习近平新时代中国特色社会主义思想", THEORY, 60),
        ("学习贯彻党的二十届三中全会精神", THEORY, 40),
        ("法治政府建设", LAW, 30),
        ("专业技术人员职业道德", ETHICS, 20),
        ("数字经济与人工智能", TECH, 40),
        ("科技创新与新质生产力", TECH, 30),
    ],
}
# (title, series, levels (empty: all), suggested tenths)
PROFESSIONAL_SUBJECTS = [
    ("工程建设标准与规范更新", [ENG], [], 60),
    ("水利工程安全生产管理", [ENG], [], 40),
    ("BIM 技术与智能建造", [ENG], SENIOR, 40),
    ("临床诊疗指南与合理用药", [HEALTH], [], 60),
    ("传染病防控与公共卫生应急", [HEALTH], [], 40),
    ("新课程标准与课堂教学改革", [TEACH], [], 60),
    ("国家通用语言文字教学能力提升", [TEACH], [], 40),
    ("企业会计准则新变化", [ACC], [], 60),
    ("管理会计与财务共享", [ACC], SENIOR, 40),
]
# (title, kind, category or series, levels, tenths, provider, recommended, owner industry)
COURSES = [
    ("习近平新时代中国特色社会主义思想概论", "public", THEORY, [], 60, "新疆干部网络学院", True, ""),
    ("党的二十届三中全会精神解读", "public", THEORY, [], 30, "新疆干部网络学院", True, ""),
    ("铸牢中华民族共同体意识专题", "public", THEORY, [], 40, "新疆大学继续教育学院", True, ""),
    ("法治政府建设实施纲要解读", "public", LAW, [], 30, "新疆大学继续教育学院", False, ""),
    ("民法典与日常工作", "public", LAW, [], 20, "国家开放大学新疆分部", False, ""),
    ("安全生产法律法规", "public", LAW, [], 20, "新疆大学继续教育学院", False, ""),
    ("专业技术人员职业道德与诚信", "public", ETHICS, [], 20, "新疆干部网络学院", True, ""),
    ("学术规范与科研诚信", "public", ETHICS, [], 15, "新疆大学继续教育学院", False, ""),
    ("数字经济与人工智能", "public", TECH, [], 30, "国家开放大学新疆分部", True, ""),
    ("生成式人工智能应用入门", "public", TECH, [], 20, "新疆大学继续教育学院", False, ""),
    ("网络安全意识提升", "public", TECH, [], 15, "国家开放大学新疆分部", False, ""),
    ("大数据与数字政府", "public", TECH, [], 20, "新疆干部网络学院", False, ""),
    ("城镇供水水质安全管理", "professional", ENG, [], 40, "乌鲁木齐市水务局培训中心", True, "D"),
    ("供水管网漏损控制技术", "professional", ENG, [], 30, "乌鲁木齐市水务局培训中心", False, "D"),
    ("泵站运行与节能改造", "professional", ENG, [], 30, "新疆大学继续教育学院", False, "D"),
    ("智慧水务系统建设", "professional", ENG, SENIOR, 40, "新疆大学继续教育学院", True, "D"),
    ("水利工程质量检测", "professional", ENG, [], 30, "新疆水利水电学校", False, "D"),
    ("建筑工程施工安全", "professional", ENG, [], 30, "新疆建设职业技术学院", False, ""),
    ("装配式建筑技术", "professional", ENG, [], 20, "新疆建设职业技术学院", False, ""),
    ("基层常见病诊疗规范", "professional", HEALTH, [], 40, "伊犁州卫生健康培训中心", True, "Q"),
    ("急危重症识别与处置", "professional", HEALTH, [], 30, "伊犁州卫生健康培训中心", False, "Q"),
    ("医院感染预防与控制", "professional", HEALTH, [], 20, "新疆医科大学继续教育学院", False, "Q"),
    ("合理用药与处方点评", "professional", HEALTH, SENIOR, 30, "新疆医科大学继续教育学院", False, "Q"),
    ("新课标下的大单元教学设计", "professional", TEACH, [], 40, "新疆教育学院", True, ""),
    ("信息技术与学科教学融合", "professional", TEACH, [], 30, "新疆教育学院", False, ""),
    ("班主任工作与学生心理健康", "professional", TEACH, [], 20, "新疆师范大学继续教育学院", False, ""),
    ("国家通用语言文字规范化教学", "professional", TEACH, [], 30, "新疆师范大学继续教育学院", False, ""),
    ("政府会计制度实务", "professional", ACC, [], 30, "新疆财经大学继续教育学院", True, "L"),
    ("企业所得税汇算清缴", "professional", ACC, [], 20, "新疆财经大学继续教育学院", False, "L"),
    ("内部控制与风险管理", "professional", ACC, SENIOR, 30, "新疆财经大学继续教育学院", False, "L"),
]
# (title, kind, category or series, authors, publisher, year, recommended, owner industry)
TEXTBOOKS = [
    (
        "习近平新时代中国特色社会主义思想学习纲要",
        "public",
        THEORY,
        "中共中央宣传部",
        "学习出版社",
        2023,
        True,
        "",
    ),
    ("专业技术人员职业道德读本", "public", ETHICS, "本书编写组", "中国人事出版社", 2022, True, ""),
    ("法治政府建设读本", "public", LAW, "本书编写组", "法律出版社", 2024, False, ""),
    ("数字经济与人工智能概论", "public", TECH, "本书编写组", "电子工业出版社", 2025, True, ""),
    (
        "城镇供水厂运行管理",
        "professional",
        ENG,
        "中国城镇供水排水协会",
        "中国建筑工业出版社",
        2021,
        True,
        "D",
    ),
    ("给水排水工程施工技术", "professional", ENG, "张勤 等", "中国建筑工业出版社", 2020, False, "D"),
    ("基层医疗卫生机构诊疗指南", "professional", HEALTH, "本书编写组", "人民卫生出版社", 2023, True, "Q"),
    ("临床合理用药", "professional", HEALTH, "本书编写组", "人民卫生出版社", 2022, False, "Q"),
    (
        "义务教育课程标准解读",
        "professional",
        TEACH,
        "教育部基础教育课程教材专家工作委员会",
        "北京师范大学出版社",
        2022,
        False,
        "",
    ),
    ("企业会计准则讲解", "professional", ACC, "财政部会计司", "经济科学出版社", 2024, True, "L"),
]


def load_catalogue_demo(*, actor, region_hr: Organization) -> dict[str, int]:
    """Load the demo catalogue, published by `region_hr` (and the region's industry authorities and
    organisations where the demo has them), recorded as done by `actor`."""
    owners = _owners(region_hr)
    with transaction.atomic():
        guides, subjects = _guides(region_hr)
        courses = [_course(row, owners, actor) for row in COURSES]
        textbooks = [_textbook(row, owners, actor) for row in TEXTBOOKS]
        _save(actor, Guide, guides)
        for subject in subjects:
            subject.guide = subject.guide  # bind the guide's new primary key
        _save(actor, GuideSubject, subjects)
        _save(actor, Course, courses)
        _save(actor, Textbook, textbooks)
    return {
        "guides": len(guides),
        "subjects": len(subjects),
        "courses": len(courses),
        "textbooks": len(textbooks),
    }


def _owners(region_hr: Organization) -> dict[str, Organization]:
    """Industry -> the authority that publishes that industry's courses ("" -> the HR department)."""
    owners = {"": region_hr}
    authorities = Organization.objects.filter(
        kind__in=INDUSTRY_KINDS, region__code__startswith=region_hr.region.subtree_prefix
    ).order_by("id")
    for authority in authorities:
        owners.setdefault(authority.industry, authority)
    return owners


def _guides(region_hr: Organization) -> tuple[list[Guide], list[GuideSubject]]:
    guides, subjects = [], []
    for year, rows in PUBLIC_SUBJECTS.items():
        guide = _guide(region_hr, year, "public", f"{year}年度专业技术人员继续教育公需科目指南")
        guides.append(guide)
        for position, (title, category, tenths) in enumerate(rows, start=1):
            subjects.append(
                GuideSubject(
                    guide=guide,
                    title=title,
                    public_category=category,
                    suggested_tenths=tenths,
                    position=position,
                )
            )
    for year in (2025, 2026):
        guide = _guide(region_hr, year, "professional", f"{year}年度专业技术人员继续教育专业科目指南")
        guides.append(guide)
        for position, (title, series, levels, tenths) in enumerate(PROFESSIONAL_SUBJECTS, start=1):
            subjects.append(
                GuideSubject(
                    guide=guide,
                    title=title,
                    series=series,
                    levels=levels,
                    suggested_tenths=tenths,
                    position=position,
                )
            )
    return guides, subjects


def _guide(owner: Organization, year: int, kind: str, title: str) -> Guide:
    return Guide(
        year=year,
        kind=kind,
        title=title,
        published_by=owner,
        is_published=True,
        published_on=datetime.date(year, 1, 15),
        note="依据《专业技术人员继续教育条例》第七条发布。",
    )


def _tags(kind: str, tag: str) -> dict:
    return {"public_category": tag} if kind == "public" else {"series": [tag]}


def _recommendation(recommended: bool, owner: Organization, actor) -> dict:
    if not recommended:
        return {}
    return {
        "recommended_by": owner,
        "recommended_on": datetime.date(2026, 3, 1),
        "recommended_by_user": actor,
    }


def _course(row, owners, actor) -> Course:
    title, kind, tag, levels, tenths, provider, recommended, industry = row
    owner = owners.get(industry, owners[""])
    return Course(
        title=title,
        kind=kind,
        levels=levels,
        hours_tenths=tenths,
        provider=provider,
        published_by=owner,
        is_published=True,
        published_on=datetime.date(2026, 2, 1),
        **_tags(kind, tag),
        **_recommendation(recommended, owner, actor),
    )


def _textbook(row, owners, actor) -> Textbook:
    title, kind, tag, authors, publisher, year, recommended, industry = row
    owner = owners.get(industry, owners[""])
    return Textbook(
        title=title,
        kind=kind,
        authors=authors,
        publisher=publisher,
        publication_year=year,
        published_by=owner,
        is_published=True,
        published_on=datetime.date(2026, 2, 1),
        **_tags(kind, tag),
        **_recommendation(recommended, owner, actor),
    )


def _save(actor, model, rows: list) -> None:
    for row in rows:
        row.full_clean(validate_unique=False, validate_constraints=False)
    model.objects.bulk_create(rows)
    after = {"created": len(rows)}
    if hasattr(model, "recommended_on"):
        after["recommended"] = sum(row.recommended_on is not None for row in rows)
    if hasattr(model, "kind"):
        after["by_kind"] = dict(Counter(row.kind for row in rows))
    audit_write(
        actor=actor, role="system", action="demo.load", object_type=model._meta.label_lower, after=after
    )
