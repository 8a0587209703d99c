from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.proofs.choices import ProofStatus


class Proof(models.Model):
    """An issued hours proof (学时证明). What was certified is frozen at issue: `payload` holds what
    the public verify page shows and the PDF's bytes are kept with their digest, so later changes to
    records or rules never change an issued proof. Rows are never deleted; the only change is the
    status leaving VALID (revoked, or superseded by a newer proof of the same years)."""

    # Random (96 bits), never derived from ids: holding the code is what lets one verify the proof
    # and fetch its PDF.
    code = models.CharField(_("验证码"), max_length=32, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("专业技术人员"), on_delete=models.PROTECT, related_name="proofs"
    )
    from_year = models.PositiveSmallIntegerField(_("起始年度"))
    to_year = models.PositiveSmallIntegerField(_("截止年度"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.PROTECT, related_name="+"
    )
    issuer_role = models.CharField(_("签发时角色"), max_length=32)
    issuer_label = models.CharField(_("签发单位"), max_length=200)
    issued_at = models.DateTimeField(_("签发时间"))
    payload = models.JSONField(_("证明内容"))
    pdf_name = models.CharField(_("文件名"), max_length=100, unique=True)
    pdf_sha256 = models.CharField(_("PDF 摘要（SHA-256）"), max_length=64)
    pdf_size = models.PositiveIntegerField(_("PDF 大小（字节）"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ProofStatus.choices, default=ProofStatus.VALID, db_index=True
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("取代它的证明"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("学时证明")
        verbose_name_plural = _("学时证明")
        indexes = [models.Index(fields=["person", "from_year", "to_year", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_year__lte=models.F("to_year")), name="proof_years_order"
            )
        ]

    def __str__(self) -> str:
        return f"学时证明 {self.years_label}"

    @property
    def years_label(self) -> str:
        if self.from_year == self.to_year:
            return f"{self.from_year}"
        return f"{self.from_year}–{self.to_year}"
