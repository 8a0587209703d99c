from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级（自治区）")
    PREFECTURE = "prefecture", _("地级（市、州、地区、盟）")
    COUNTY = "county", _("县级（县、区、县级市、旗）")
