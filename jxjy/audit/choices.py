from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainProblem(models.TextChoices):
    """What `audit_verify` can find wrong with the chain; the value is the English code it prints."""

    EDITED = "edited", _("记录被修改")
    MISSING = "missing", _("记录缺失")
    REORDERED = "reordered", _("记录次序被打乱")
    TRUNCATED = "truncated", _("链尾被截断")
    HEAD_MISMATCH = "head_mismatch", _("链头与最后一条记录不符")
    CHECKPOINT_MISMATCH = "checkpoint_mismatch", _("记录与检查点不符")
    CHECKPOINT_UNREADABLE = "checkpoint_unreadable", _("检查点文件无法读取")
