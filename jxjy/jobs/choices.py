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


FINISHED = (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED)
IMPORT_KINDS = {JobKind.IMPORT_RECORDS: ImportKind.RECORDS, JobKind.IMPORT_PEOPLE: ImportKind.PEOPLE}
