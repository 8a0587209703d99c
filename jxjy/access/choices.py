from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("专业技术人员")
    UNIT_OFFICER = "unit_officer", _("单位经办人")
    AGENCY_CLERK = "agency_clerk", _("人才服务机构经办人")
    BASE_REGISTRAR = "base_registrar", _("继续教育基地管理员")
    HR_OFFICER = "hr_officer", _("人社部门工作人员")
    INDUSTRY_OFFICER = "industry_officer", _("行业主管部门工作人员")
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")


# The organisation kind each organisation-bound role is held at.
ROLE_ORG_KIND = {
    Role.UNIT_OFFICER: "unit",
    Role.AGENCY_CLERK: "file_agency",
    Role.BASE_REGISTRAR: "base",
}
# Roles held at a node of the region tree (and, for industry officers, for one industry).
REGION_ROLES = {Role.HR_OFFICER, Role.INDUSTRY_OFFICER}
# Roles whose work needs a person's full citizen ID number (registration, HR case work).
FULL_ID_ROLES = {Role.UNIT_OFFICER, Role.AGENCY_CLERK, Role.HR_OFFICER, Role.PLATFORM_ADMIN}
