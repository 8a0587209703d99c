from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    """科目类别: 公需科目 or 专业科目 (regulation article 7)."""

    PUBLIC = "public", _("公需科目")
    PROFESSIONAL = "professional", _("专业科目")


class PublicCategory(models.TextChoices):
    """公需科目的内容类别."""

    LAW = "law", _("法律法规")
    THEORY_POLICY = "theory_policy", _("理论政策")
    ETHICS = "ethics", _("职业道德")
    TECH_INFO = "tech_info", _("技术信息")
