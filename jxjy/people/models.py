from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jxjy.access.choices import Role
from jxjy.access.scope import EVERYTHING, ScopedQuerySet
from jxjy.people.choices import ProfessionalSeries, Sex, TitleLevel


class PersonQuerySet(ScopedQuerySet):
    view_rules = {
        Role.PROFESSIONAL: lambda g: Q(pk=g.person_id),
        Role.UNIT_OFFICER: lambda g: Q(unit_id=g.organization_id),
        Role.AGENCY_CLERK: lambda g: Q(file_agency_id=g.organization_id),
        Role.HR_OFFICER: lambda g: Q(region__code__startswith=g.region_prefix),
        Role.INDUSTRY_OFFICER: lambda g: Q(
            region__code__startswith=g.region_prefix, unit__industry=g.industry
        ),
        Role.PLATFORM_ADMIN: lambda g: EVERYTHING,
    }
    edit_rules = {
        # art. 8 and 14: the unit keeps its staff list; the agency its file holders.
        Role.UNIT_OFFICER: lambda g: Q(unit_id=g.organization_id),
        Role.AGENCY_CLERK: lambda g: Q(file_agency_id=g.organization_id),
        Role.HR_OFFICER: lambda g: Q(region__code__startswith=g.region_prefix),
        Role.PLATFORM_ADMIN: lambda g: EVERYTHING,
    }


class Person(models.Model):
    """A professional or technical person (专业技术人员), the subject of the annual CE requirement."""

    id_number = models.CharField(_("公民身份号码"), max_length=18, unique=True)
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    # Read from the ID number by people.services, never typed.
    birth_date = models.DateField(_("出生日期"))
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    file_agency = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("档案代理机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="file_holders",
    )
    # Where the person is counted for HR scope: the unit's region, else the file agency's. Kept by
    # people.services on every write so that "everyone in this county" is one indexed filter.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在行政区划"), on_delete=models.PROTECT, related_name="people"
    )
    series = models.CharField(_("职称系列"), max_length=32, choices=ProfessionalSeries.choices, db_index=True)
    level = models.CharField(_("职称级别"), max_length=16, choices=TitleLevel.choices, db_index=True)
    # arts. 1-2: only in-service personnel are subject to the annual requirement.
    in_service = models.BooleanField(_("在职"), default=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("专业技术人员")
        verbose_name_plural = _("专业技术人员")

    def __str__(self) -> str:
        return self.name
