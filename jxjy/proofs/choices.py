from django.db import models
from django.utils.translation import gettext_lazy as _


class ProofStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")
    SUPERSEDED = "superseded", _("已被新证明取代")
