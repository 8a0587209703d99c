import json

from django.core.management.base import BaseCommand

from jxjy.audit.verify import CHUNK_SIZE, verify_chain


class Command(BaseCommand):
    help = "校验审计链与检查点 / Verify the audit chain and its checkpoints (exit 1 on the first problem)"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, help="rows fetched per query")

    def handle(self, *args, **options):
        report = verify_chain(chunk_size=options["chunk_size"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        elif report.ok:
            self.stdout.write(self.style.SUCCESS(report.message))
        else:
            self.stdout.write(self.style.ERROR(f"{report.message} 已校验 {report.entries_checked} 条。"))
        if not report.ok:
            # A plain exit status, not CommandError: cron and backup scripts test `$?`, and --json
            # output must stay the only thing printed.
            raise SystemExit(1)
