"""Study records (学习记录) and their registration (继续教育证书登记, art. 14).

A record is submitted by the professional (or arrives registered from a CE base), registered or
returned by the registrar (the unit, or the file agency holding the person's file), and from then on
never edited: a correction reverses it and registers a new record that points at it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jxjy.access.choices import Role
from jxjy.access.scope import EVERYTHING, ScopedQuerySet
from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.records.choices import RecordSource, RecordStatus
from jxjy.rules.choices import CountingUnit, ItemLevel, StudyForm


class LearningRecordQuerySet(ScopedQuerySet):
    view_rules = {
        Role.PROFESSIONAL: lambda g: Q(person_id=g.person_id),
        Role.UNIT_OFFICER: lambda g: Q(registrar_id=g.organization_id) | Q(person__unit_id=g.organization_id),
        Role.AGENCY_CLERK: lambda g: (
            Q(registrar_id=g.organization_id) | Q(person__file_agency_id=g.organization_id)
        ),
        Role.BASE_REGISTRAR: lambda g: Q(issuer_id=g.organization_id),
        Role.HR_OFFICER: lambda g: Q(person__region__code__startswith=g.region_prefix),
        Role.INDUSTRY_OFFICER: lambda g: Q(
            person__region__code__startswith=g.region_prefix, person__unit__industry=g.industry
        ),
        Role.PLATFORM_ADMIN: lambda g: EVERYTHING,
    }
    # art. 14: registering (登记) and returning are the registrar's: the unit or the file agency.
    register_rules = {
        Role.UNIT_OFFICER: lambda g: Q(registrar_id=g.organization_id),
        Role.AGENCY_CLERK: lambda g: Q(registrar_id=g.organization_id),
        Role.PLATFORM_ADMIN: lambda g: EVERYTHING,
    }
    # Correcting a registered record: the registrar, and the HR department over the person.
    edit_rules = {
        Role.UNIT_OFFICER: lambda g: Q(registrar_id=g.organization_id),
        Role.AGENCY_CLERK: lambda g: Q(registrar_id=g.organization_id),
        Role.HR_OFFICER: lambda g: Q(person__region__code__startswith=g.region_prefix),
        Role.PLATFORM_ADMIN: lambda g: EVERYTHING,
    }

    def registrable_by(self, user):
        return self._restrict(user, self.register_rules)


class LearningRecord(models.Model):
    # Every index here is paid for by every record written (an import writes a million): none that
    # another already serves. The foreign keys below marked db_index=False are served by the indexes
    # in Meta that lead with them.
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("专业技术人员"),
        on_delete=models.PROTECT,
        related_name="records",
        db_index=False,  # record_person_year
    )
    # The year the hours count for: the activity's year, or an earlier one being made up (补学).
    year = models.PositiveSmallIntegerField(_("计入年度"))
    form = models.CharField(_("学习形式"), max_length=32, choices=StudyForm.choices)
    activity = models.CharField(_("学时折算项目"), max_length=40)
    # The activity's counting unit, kept for the overlap and per-day checks across years' rules.
    counting_unit = models.CharField(_("折算方式"), max_length=16, choices=CountingUnit.choices)
    subject_kind = models.CharField(_("科目类别"), max_length=16, choices=SubjectKind.choices)
    public_category = models.CharField(
        _("公需科目内容"), max_length=16, choices=PublicCategory.choices, blank=True
    )
    title = models.CharField(_("学习项目名称"), max_length=200)
    content = models.TextField(_("学习内容"), max_length=2000, blank=True)
    organiser = models.CharField(_("主办单位"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    # Hours, half days, days, items or courses, by the activity's counting unit (tenths).
    quantity_tenths = models.PositiveIntegerField(_("数量（0.1单位）"))
    item_level = models.CharField(_("级别"), max_length=16, choices=ItemLevel.choices, blank=True)
    certificate_number = models.CharField(_("证书或证明编号"), max_length=64, blank=True)
    # Who certified it: a CE base's credit code, or the organiser's name as typed (normalised). Looked
    # up only together with a certificate number: record_certificate_once serves it.
    issuer_key = models.CharField(_("发证机构标识"), max_length=200)
    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("颁发基地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_records",
    )
    registrar = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("登记机构"),
        on_delete=models.PROTECT,
        related_name="registered_records",
        db_index=False,  # record_registrar_status
    )
    source = models.CharField(_("来源"), max_length=16, choices=RecordSource.choices)
    status = models.CharField(_("状态"), max_length=16, choices=RecordStatus.choices)  # record_status
    # Hours as the rules of the year count them, fixed when registered (with the version used).
    claimed_tenths = models.PositiveIntegerField(_("申报学时（0.1学时）"))
    recognised_tenths = models.PositiveIntegerField(_("认定学时（0.1学时）"), null=True, blank=True)
    rule_version = models.CharField(_("认定所依规则版本"), max_length=16, blank=True)
    flags = models.JSONField(_("提示"), default=list, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        db_index=False,  # record_corrects: the few corrections only
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)

    objects = LearningRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        indexes = [
            models.Index(fields=["person", "year"], name="record_person_year"),
            models.Index(fields=["registrar", "status"], name="record_registrar_status"),
            # A plain index: db_index=True on a text column would add a LIKE index on PostgreSQL too.
            models.Index(fields=["status"], name="record_status"),
            models.Index(fields=["corrects"], condition=Q(corrects__isnull=False), name="record_corrects"),
        ]
        constraints = [
            # The same certificate from the same issuer counts once (a reversed one frees the number).
            # "Not empty" rather than "> ''": SQLite would use that range instead of an import's list
            # of numbers when it looks them up.
            models.UniqueConstraint(
                fields=["issuer_key", "certificate_number"],
                condition=~Q(certificate_number="") & ~Q(status="reversed"),
                name="record_certificate_once",
            ),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="record_dates"),
        ]

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    """A file proving a record (certificate scan, attendance proof): PDF, JPG or PNG, checked by
    content; stored outside the database under a random name."""

    record = models.ForeignKey(LearningRecord, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=100, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Correction(models.Model):
    """A registered record taken back (冲正), with who did it and why."""

    # The replacement, if any, is the record whose `corrects` points at the original.
    original = models.OneToOneField(LearningRecord, on_delete=models.PROTECT, related_name="correction")
    reason = models.CharField(_("更正原因"), max_length=500)
    # None: the system (the demo loader).
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("更正时间"), auto_now_add=True)

    def __str__(self) -> str:
        return f"冲正 {self.original_id}"
