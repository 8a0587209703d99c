from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待登记")
    RETURNED = "returned", _("已退回")
    REGISTERED = "registered", _("已登记")
    # A registered record that a correction took back: it stays, it no longer counts.
    REVERSED = "reversed", _("已冲正")


class RecordSource(models.TextChoices):
    SELF_REPORTED = "self_reported", _("个人申报")
    ISSUED = "issued", _("基地颁发")
    CORRECTION = "correction", _("更正登记")


class RecordFlag(models.TextChoices):
    """Implausible claims are flagged for the registrar, never silently accepted."""

    OVERLAPPING_DAYS = "overlapping_days", _("与本人其他全天学习活动日期重叠")
    DAY_OVERLOADED = "day_overloaded", _("单日学时超过规则允许的上限")
    MAKEUP = "makeup", _("补登：已过该年度登记截止日期")
