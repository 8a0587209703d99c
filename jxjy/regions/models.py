"""The GB/T 2260 administrative division tree.

A division's code carries its place in the tree: 65 is the autonomous region, 6501 a prefecture in
it, 650102 a county in that. So "this node and everything below it" is one indexed prefix match on
`code` (see `Region.subtree_prefix`), and scope filters elsewhere use `region__code__startswith`.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jxjy.access.choices import Role
from jxjy.access.scope import EVERYTHING, ScopedQuerySet
from jxjy.regions.choices import RegionLevel

region_code_validator = RegexValidator(r"^\d{6}$", _("行政区划代码应为 6 位数字"), code="region_code")


def _jurisdiction(grant) -> Q:
    # The division tree is public reference data, but the platform serves one autonomous region:
    # its users see that region's tree, and divisions elsewhere answer as unknown.
    return Q(code__startswith=settings.JXJY_JURISDICTION[:2])


class RegionQuerySet(ScopedQuerySet):
    view_rules = {role: _jurisdiction for role in Role} | {Role.PLATFORM_ADMIN: lambda g: EVERYTHING}
    # GB/T 2260 changes every year or two; the platform administrator keeps the tree current.
    edit_rules = {Role.PLATFORM_ADMIN: lambda g: EVERYTHING}

    def within(self, region: "Region") -> "RegionQuerySet":
        return self.filter(code__startswith=region.subtree_prefix)


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=6, unique=True, validators=[region_code_validator])
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # art. 5: remote and hard areas are supported specially; statistics can count them apart.
    is_remote = models.BooleanField(_("艰苦边远地区"), default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def subtree_prefix(self) -> str:
        """The code prefix shared by this division and every division below it."""
        return level_prefix(self.code, self.level)

    def contains(self, other: "Region") -> bool:
        return other.code.startswith(self.subtree_prefix)


def level_of(code: str) -> str:
    """A 6-digit code's level: 650000 is provincial, 650100 prefectural, 650102 county."""
    if code[2:] == "0000":
        return RegionLevel.PROVINCE
    if code[4:] == "00":
        return RegionLevel.PREFECTURE
    return RegionLevel.COUNTY


def level_prefix(code: str, level: str) -> str:
    return {RegionLevel.PROVINCE: code[:2], RegionLevel.PREFECTURE: code[:4]}.get(level, code)
