import unicodedata

from django.core.management.base import BaseCommand

from jxjy.access.models import User
from jxjy.demo.logins import DEMO_LOGINS, DEMO_PASSWORD

HEADINGS = ("登录名", "姓名", "角色")


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def login_table() -> str:
    rows = [HEADINGS] + [(login.username, login.display_name, login.description) for login in DEMO_LOGINS]
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(HEADINGS))]
    lines = [
        "  ".join(pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "列出演示账号和密码 / Print the demo logins and their password"

    def handle(self, *args, **options):
        self.stdout.write("演示账号 / Demo logins")
        self.stdout.write(login_table())
        self.stdout.write(f"\n全部演示账号的密码 / Password of every demo login: {DEMO_PASSWORD}")
        loaded = User.objects.filter(username__in=[login.username for login in DEMO_LOGINS]).count()
        if loaded < len(DEMO_LOGINS):
            self.stdout.write(
                self.style.WARNING(
                    f"注意：数据库中只有 {loaded}/{len(DEMO_LOGINS)} 个演示账号"
                    "（空数据库请先运行 load_demo）。"
                )
            )
