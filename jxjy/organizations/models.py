from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jxjy.access.choices import Role
from jxjy.access.scope import EVERYTHING, ScopedQuerySet
from jxjy.organizations.choices import Industry, OrgKind, UnitType
from jxjy.organizations.codes import validate_credit_code


def _credit_code_validator(value: str) -> None:
    validate_credit_code(value)


def _own_unit_and_agency(person_id: int) -> Q:
    person = apps.get_model("people", "Person").objects.filter(pk=person_id)
    return Q(pk__in=person.values("unit_id")) | Q(pk__in=person.values("file_agency_id"))


class OrganizationQuerySet(ScopedQuerySet):
    view_rules = {
        # A professional sees the unit they work for and the agency that holds their file.
        Role.PROFESSIONAL: lambda g: _own_unit_and_agency(g.person_id),
        Role.UNIT_OFFICER: lambda g: Q(pk=g.organization_id),
        Role.AGENCY_CLERK: lambda g: Q(pk=g.organization_id),
        Role.BASE_REGISTRAR: lambda g: Q(pk=g.organization_id),
        Role.HR_OFFICER: lambda g: Q(region__code__startswith=g.region_prefix),
        Role.INDUSTRY_OFFICER: lambda g: Q(region__code__startswith=g.region_prefix, industry=g.industry),
        Role.PLATFORM_ADMIN: lambda g: EVERYTHING,
    }
    edit_rules = {
        # art. 6: HR departments manage their own region and below.
        Role.HR_OFFICER: lambda g: Q(region__code__startswith=g.region_prefix),
        Role.PLATFORM_ADMIN: lambda g: EVERYTHING,
    }


class Organization(models.Model):
    """Every organisation the regulation names: employer units, file agencies, CE bases, HR departments,
    industry authorities and organisations. One table, told apart by `kind`, because they share
    identity (credit code), place (region) and industry, and scope rules address them alike."""

    kind = models.CharField(_("机构类别"), max_length=32, choices=OrgKind.choices, db_index=True)
    unit_type = models.CharField(
        _("单位性质"),
        max_length=32,
        choices=UnitType.choices,
        blank=True,
        help_text=_("用人单位填写：企业、事业单位或社会团体"),
    )
    name = models.CharField(_("名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[_credit_code_validator]
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在行政区划"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    industry = models.CharField(
        _("所属行业"), max_length=1, choices=Industry.choices, blank=True, db_index=True
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # art. 5: key fields and industries get targeted support; statistics can count them apart.
    is_key_field = models.BooleanField(_("重点领域"), default=False)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        # The credit code itself is checked by its field's validator; services normalize it first.
        errors = {}
        if self.kind == OrgKind.UNIT and not self.unit_type:
            errors["unit_type"] = [_("用人单位须注明单位性质")]
        if self.kind != OrgKind.UNIT and self.unit_type:
            errors["unit_type"] = [_("只有用人单位有单位性质")]
        if errors:
            raise ValidationError(errors)
