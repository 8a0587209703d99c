from django.conf import settings
from django.core.management.base import BaseCommand

from jxjy.jobs.purge import jobs_purge


class Command(BaseCommand):
    help = (
        "删除结束超过 JXJY_JOB_FILES_DAYS 天的后台任务的文件（上传文件、结果报告、导出文件）/ "
        "delete the files of jobs finished more than JXJY_JOB_FILES_DAYS days ago; run daily (cron)"
    )

    def handle(self, *args, **options):
        purged = jobs_purge()
        self.stdout.write(
            f"删除了 {purged.jobs} 个任务的文件"
            + (f"和 {purged.orphans} 个无任务的文件夹" if purged.orphans else "")
            + f"，释放 {purged.bytes / 1024 / 1024:.1f} MB"
            f"（保留期限 {settings.JXJY_JOB_FILES_DAYS} 天）"
        )
