"""A background job and its progress: the row the job writes as it goes and the page polls (while it
runs, with the live file of jobs.live, which the page sees in every import mode).

An import's upload is kept as received under DATA_DIR/jobs/<random>/ (an export's file is written
there, under `upload_path` too); `checkpoint_row` is the last file row
whose batch has committed (written in that batch's transaction), so a job resumed after its worker
stopped starts after it and imports nothing twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jxjy.access.choices import Role
from jxjy.access.scope import EVERYTHING, ScopedQuerySet
from jxjy.jobs.choices import FINISHED, JobKind, JobStatus


class JobQuerySet(ScopedQuerySet):
    # Jobs are seen by whoever started them, and by the platform administrator; the rule for the
    # creator is added in visible_to (it holds for every role, and for a login with no role).
    view_rules = {Role.PLATFORM_ADMIN: lambda grant: EVERYTHING}

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return super().visible_to(user) | self.filter(created_by=user)


class Job(models.Model):
    kind = models.CharField(_("类型"), max_length=32, choices=JobKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("发起人")
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    # The unit or base an import is for; an export has none (it lists what its creator may see).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("机构"),
        null=True,
        blank=True,
    )
    role = models.CharField(_("发起角色"), max_length=32)
    mode = models.CharField(_("导入方式"), max_length=16)
    file_name = models.CharField(_("文件名"), max_length=255)
    upload_path = models.CharField(_("上传文件"), max_length=500, help_text=_("DATA_DIR/jobs 下的相对路径"))
    sha256 = models.CharField(max_length=64)
    total_rows = models.PositiveIntegerField(_("数据行数"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    checkpoint_row = models.PositiveIntegerField(_("已提交到的文件行号"), default=0)
    # Bytes of the outcomes file (one line per processed row) that belong to committed batches.
    outcomes_bytes = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # Asked to stop while running: the worker stops before its next batch (jobs.services.job_stop).
    stop_requested_at = models.DateTimeField(_("请求停止时间"), null=True, blank=True)
    # An export: {"list": "people", "query": the list page's query string, "format": "xlsx"}.
    params = models.JSONField(_("参数"), default=dict, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    report_path = models.CharField(_("结果报告"), max_length=500, blank=True)
    # The job's folder (upload, reports, export file) deleted, JXJY_JOB_FILES_DAYS after it finished
    # (jxjy.jobs.purge); the row, its counts and its audit entries stay.
    files_purged_at = models.DateTimeField(_("文件删除时间"), null=True, blank=True)
    error_message = models.TextField(_("错误信息"), blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["created_by", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="job_status_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
