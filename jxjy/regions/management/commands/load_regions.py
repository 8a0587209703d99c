from django.core.management.base import BaseCommand

from jxjy.regions.services import DATASET, regions_load


class Command(BaseCommand):
    help = "载入（或更新）GB/T 2260 行政区划表 / Load or update the GB/T 2260 division tree"

    def handle(self, *args, **options):
        created, updated = regions_load(dataset=DATASET)
        self.stdout.write(f"regions: {created} created, {updated} updated")
