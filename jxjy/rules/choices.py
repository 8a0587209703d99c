from django.db import models
from django.utils.translation import gettext_lazy as _


class StudyForm(models.TextChoices):
    """The eight forms of art. 12, and degree study of art. 13: every record carries one."""

    TRAINING_CLASS = "training_class", _("进修班、培训班、研修班")
    FURTHER_STUDY = "further_study", _("在教学、科研、生产单位进修")
    CONFERENCE = "conference", _("学术会议、学术讲座")
    ABROAD = "abroad", _("出国（出境）进修、培训")
    UNIT_TRAINING = "unit_training", _("本单位、本系统、本行业组织的培训和有考核的自学")
    DISTANCE = "distance", _("远程教育")
    PAIRED_ASSISTANCE = "paired_assistance", _("对口支援省市有关单位的委培")
    OTHER = "other", _("其他形式")
    DEGREE = "degree", _("学历教育或攻读学位")


class CountingUnit(models.TextChoices):
    """How an activity's quantity is turned into hours (学时折算)."""

    HOUR = "hour", _("按实际学时")
    HALF_DAY = "half_day", _("按半天")
    DAY = "day", _("按天")
    ITEM = "item", _("按项（分级别）")
    COURSE = "course", _("按通过的课程")
    YEAR = "year", _("按学年（视为达标）")


class ItemLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    REGIONAL = "regional", _("自治区级")
    LOCAL = "local", _("地州市级及以下")
