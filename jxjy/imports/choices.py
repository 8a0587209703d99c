from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    RECORDS = "records", _("基地颁发的学习记录")
    PEOPLE = "people", _("单位人员名册")


class ImportMode(models.TextChoices):
    CHECK = "check", _("仅检查，不写入")
    ALL = "all", _("全部正确才导入")
    VALID = "valid", _("导入正确的行")


class RowOutcome(models.TextChoices):
    IMPORTED = "imported", _("已导入")
    ALREADY_PRESENT = "already_present", _("已存在")
    UPDATED = "updated", _("已更新")
    REFUSED = "refused", _("未导入")
