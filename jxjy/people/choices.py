from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfessionalSeries(models.TextChoices):
    """职称系列: the national series of professional titles."""

    ENGINEERING = "engineering", _("工程")
    HEALTH = "health", _("卫生")
    AGRICULTURE = "agriculture", _("农业")
    ECONOMICS = "economics", _("经济")
    ACCOUNTING = "accounting", _("会计")
    STATISTICS = "statistics", _("统计")
    AUDITING = "auditing", _("审计")
    HIGHER_EDUCATION = "higher_education", _("高等学校教师")
    SCHOOL_TEACHING = "school_teaching", _("中小学教师")
    VOCATIONAL_TEACHING = "vocational_teaching", _("职业院校教师")
    TECHNICAL_SCHOOL_TEACHING = "technical_school_teaching", _("技工院校教师")
    LABORATORY = "laboratory", _("实验技术")
    RESEARCH = "research", _("科学研究")
    JOURNALISM = "journalism", _("新闻")
    PUBLISHING = "publishing", _("出版")
    LIBRARY = "library", _("图书资料")
    CULTURAL_RELICS = "cultural_relics", _("文物博物")
    ARCHIVES = "archives", _("档案")
    ARTS_AND_CRAFTS = "arts_and_crafts", _("工艺美术")
    ARTS = "arts", _("艺术")
    MASS_CULTURE = "mass_culture", _("群众文化")
    SPORTS = "sports", _("体育")
    TRANSLATION = "translation", _("翻译")
    BROADCASTING = "broadcasting", _("播音主持")
    LEGAL_SERVICES = "legal_services", _("公共法律服务")
    SHIPPING = "shipping", _("船舶")
    CIVIL_AVIATION = "civil_aviation", _("民用航空飞行技术")


class TitleLevel(models.TextChoices):
    JUNIOR = "junior", _("初级")
    INTERMEDIATE = "intermediate", _("中级")
    DEPUTY_SENIOR = "deputy_senior", _("副高级")
    SENIOR = "senior", _("正高级")


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")
