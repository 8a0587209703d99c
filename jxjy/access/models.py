from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.access.choices import REGION_ROLES, ROLE_ORG_KIND, Role
from jxjy.organizations.choices import Industry


class User(AbstractUser):
    """A login. Professionals log in with their citizen ID number as the login name; staff of
    organisations and departments with a name given to them."""

    display_name = models.CharField(_("显示名称"), max_length=50, blank=True)
    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("专业技术人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="login",
    )

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(models.Model):
    """One role held by one login: at an organisation, at a region node, or (professional) as themself."""

    user = models.ForeignKey(User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("管辖区划"), null=True, blank=True, on_delete=models.PROTECT
    )
    industry = models.CharField(_("主管行业"), max_length=1, choices=Industry.choices, blank=True)
    created_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization", "region", "industry"], name="unique_role_assignment"
            )
        ]

    def __str__(self) -> str:
        place = self.organization or self.region or ""
        return f"{self.get_role_display()} {place}".strip()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        org_kind = ROLE_ORG_KIND.get(self.role)
        if org_kind:
            if self.organization_id is None:
                errors["organization"] = _("该角色须指定所在机构")
            elif self.organization.kind != org_kind:
                errors["organization"] = _("所在机构的类别与角色不符")
        elif self.organization_id and self.role != Role.HR_OFFICER:
            errors["organization"] = _("该角色不在某一机构任职")
        if self.role in REGION_ROLES and self.region_id is None:
            errors["region"] = _("该角色须指定管辖区划")
        if self.role not in REGION_ROLES and self.region_id is not None:
            errors["region"] = _("该角色没有管辖区划")
        if self.role == Role.INDUSTRY_OFFICER and not self.industry:
            errors["industry"] = _("行业主管部门工作人员须指定主管行业")
        if self.role != Role.INDUSTRY_OFFICER and self.industry:
            errors["industry"] = _("只有行业主管部门工作人员有主管行业")
        if self.role == Role.PROFESSIONAL and self.user_id and self.user.person_id is None:
            errors["role"] = _("账号未关联专业技术人员，不能授予该角色")
        if errors:
            raise ValidationError(errors)


class ApiToken(models.Model):
    """A bearer token for systems. Only a digest is kept; the token itself is shown once at creation."""

    user = models.ForeignKey(
        User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(_("令牌前缀"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"
