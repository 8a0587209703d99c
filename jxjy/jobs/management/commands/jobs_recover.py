from django.core.management.base import BaseCommand

from jxjy.jobs.recovery import STALE_AFTER, jobs_recover


class Command(BaseCommand):
    help = (
        "重新排队心跳超时的后台任务（从检查点继续）/ queue again the running jobs whose worker stopped; "
        "run at worker start and periodically (cron)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-seconds",
            type=int,
            default=int(STALE_AFTER.total_seconds()),
            help="心跳超过多少秒视为中断 / heartbeat age that counts as stopped",
        )

    def handle(self, *args, **options):
        from datetime import timedelta

        requeued = jobs_recover(stale_after=timedelta(seconds=options["stale_seconds"]))
        self.stdout.write(f"重新排队 {len(requeued)} 个任务" + (f"：{requeued}" if requeued else ""))
