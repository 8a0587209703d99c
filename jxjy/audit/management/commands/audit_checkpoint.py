from django.core.management.base import BaseCommand

from jxjy.audit.checkpoints import checkpoint_head, checkpoint_path


class Command(BaseCommand):
    help = "立即记录审计链头检查点 / Write a checkpoint of the audit chain's head now (cron, before backups)"

    def handle(self, *args, **options):
        checkpoint = checkpoint_head()
        if checkpoint is None:
            self.stdout.write("审计链为空，未写检查点 / empty chain, no checkpoint written")
            return
        self.stdout.write(f"checkpoint seq={checkpoint.seq} mac={checkpoint.mac} -> {checkpoint_path()}")
