from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.imports.choices import ImportKind


class JobKind(models.TextChoices):
    IMPORT_RECORDS = "import_records", _("导入学习记录")
    IMPORT_PEOPLE = "import_people", _("导入人员名册")
    EXPORT = "export", _("导出名单")  # which list, and its filters: Job.params


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    REFUSED = "refused", _("未导入")  # the file could not be read, or all-or-nothing found bad rows
    FAILED = "failed", _("失败")
    STOPPED = "stopped", _("已停止")  # by its creator (or the administrator): jobs.services.job_stop


class JobStage(models.TextChoices):
    """What a running job is doing: its rows (the progress bar moves), then the work that follows the
    last row, which the bar cannot show: the page names it instead of a time left of 0 seconds."""

    ROWS = "rows", _("逐行处理")
    SUMMING = "summing", _("正在汇总学时和达标情况")
    REPORT = "report", _("正在生成结果报告")
    PACKING = "packing", _("正在打包文件")


FINISHED = (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED, JobStatus.STOPPED)
IMPORT_KINDS = {JobKind.IMPORT_RECORDS: ImportKind.RECORDS, JobKind.IMPORT_PEOPLE: ImportKind.PEOPLE}
