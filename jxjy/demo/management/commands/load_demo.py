import time

from django.core.management.base import BaseCommand, CommandError

from jxjy.demo.data import SEED
from jxjy.demo.logins import DEMO_PASSWORD
from jxjy.demo.services import DemoRefused, demo_database_is_empty, demo_load


class Command(BaseCommand):
    help = "载入新疆维吾尔自治区的演示数据 / Load the demo of 新疆维吾尔自治区 (regions first if missing)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库中已有人员或机构时什么也不做 / do nothing when any person or organisation exists",
        )
        parser.add_argument("--seed", type=int, default=SEED, help="随机数种子 / random seed")

    def handle(self, *args, **options):
        if options["if_empty"] and not demo_database_is_empty():
            self.stdout.write("数据库中已有数据，未载入演示数据。/ The database holds data; demo not loaded.")
            return
        started = time.monotonic()
        try:
            counts = demo_load(seed=options["seed"])
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已载入（{time.monotonic() - started:.1f} 秒）：机构 {counts['organizations']} 个，"
                f"专业技术人员 {counts['people']} 人，学习记录 {counts['records']} 条，"
                f"账号 {counts['users']} 个（密码 {DEMO_PASSWORD}）。"
            )
        )
