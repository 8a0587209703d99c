"""What import_records and import_people share: options, the summary, the exit codes (0: processed
as the mode asks; 1: all-or-nothing refused the file; 2: the file cannot be read at all)."""

import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jxjy.imports.choices import ImportMode
from jxjy.imports.pipeline import import_file
from jxjy.jobs.files import OUTCOMES
from jxjy.jobs.outcomes import Outcomes, build_report
from jxjy.organizations.codes import normalize_credit_code
from jxjy.organizations.models import Organization


class ImportCommand(BaseCommand):
    kind = ""
    org_option = ""
    org_kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="XLSX 或 CSV 文件 / an XLSX or CSV file")
        parser.add_argument(f"--{self.org_option}", required=True, help="统一社会信用代码 / credit code")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.VALID)
        parser.add_argument("--report", type=Path, help="写出结果报告 XLSX / write the row report")
        parser.add_argument(
            "--refused-rows",
            type=Path,
            help="只写出未导入的行 XLSX，改正后可再导入 / the refused rows alone, to fix and import again",
        )
        parser.add_argument(
            "--json", action="store_true", help="以 JSON 输出汇总 / print the summary as JSON"
        )

    def handle(self, *args, **options):
        organization = self._organization(options[self.org_option])
        if not options["file"].is_file():
            raise CommandError(f"文件不存在：{options['file']}", returncode=2)
        with tempfile.TemporaryDirectory(prefix="jxjy-import-") as folder:
            # The row outcomes go to a file beside; the report is built from the file and them at the
            # end, when it is known whether anything stayed written (as an import job's report is).
            reports = options["report"] or options["refused_rows"]
            outcomes = Outcomes(Path(folder) / OUTCOMES) if reports else None
            try:
                summary = import_file(
                    kind=self.kind,
                    path=options["file"],
                    organization=organization,
                    actor=None,
                    role="system",
                    mode=options["mode"],
                    report=outcomes,
                )
            finally:
                if outcomes is not None:
                    outcomes.close()
            if outcomes is not None and summary.file_refused is None:
                build_report(
                    options["file"],
                    Path(folder) / OUTCOMES,
                    options["report"],
                    mode=options["mode"],
                    rolled_back=summary.rolled_back,
                    refused_target=options["refused_rows"],
                )
        self._print(summary, options)
        if summary.file_refused is not None:
            raise SystemExit(2)
        if summary.rolled_back:
            raise SystemExit(1)

    def _organization(self, code: str) -> Organization:
        organization = Organization.objects.filter(
            credit_code=normalize_credit_code(code), kind=self.org_kind
        ).first()
        if organization is None:
            raise CommandError(f"没有统一社会信用代码为 {code} 的{self.org_label}", returncode=2)
        return organization

    def _print(self, summary, options) -> None:
        if options["json"]:
            data = summary.as_dict()
            if summary.file_refused is not None:
                data["file_error"] = {
                    "code": summary.file_refused.code,
                    "message": summary.file_refused.message,
                }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        if summary.file_refused is not None:
            self.stderr.write(f"文件无法读取：{summary.file_refused.message}")
            return
        self.stdout.write(
            f"数据行 {summary.rows}，导入 {summary.as_dict()['imported']}，已存在 {summary.already_present}，"
            f"更新 {summary.as_dict()['updated']}，未导入 {summary.refused}"
            + ("（有错误行，按“全部正确才导入”方式未写入任何数据）" if summary.rolled_back else "")
        )
        for error in summary.errors[:50]:
            self.stdout.write(f"  第 {error.row} 行 [{error.column}] {error.code}：{error.message}")
        if len(summary.errors) > 50:
            self.stdout.write(f"  …… 共 {len(summary.errors)} 处错误，完整列表见 --report 或 --json")
