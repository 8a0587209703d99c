"""What became of each row of an import job, kept so that a job resumed after its worker stopped
still ends with a complete summary and a complete report.

The pipeline hands every row to `Outcomes.row` (as its `report`). Counts and the first errors live in
memory and are saved to the job row with each batch's checkpoint, in that batch's transaction; each
row's outcome is appended to a file beside the upload, and the file's length is saved with the same
checkpoint. A resumed run cuts the file back to that length (dropping the rows of the batch that did
not commit) and goes on, so the file always holds each row once, in file order.

The report is built at the end, by reading the upload again beside that file: the original rows plus
"导入结果" and "错误说明" columns, exactly as the command's --report writes them. (A check pass after the
import cannot build it: it would call every imported row "already present".)"""

import json
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from jxjy.imports.choices import ImportMode, RowOutcome
from jxjy.imports.reading import open_table
from jxjy.imports.report import ReportWriter
from jxjy.imports.rows import ParsedRow

MAX_ERRORS = 1000  # kept in the job's result; the report holds them all
WRITE_LINES = 10_000
COUNTS = ("rows", "imported", "already_present", "updated", "refused")
CHECKED = "检查通过"
REFUSED_SHEET = "错误行"


class Outcomes:
    def __init__(self, path: Path, *, keep_bytes: int = 0, state: dict | None = None):
        state = state or {}
        self.counts = {name: int(state.get(name, 0)) for name in COUNTS}
        self.errors: list[dict] = list(state.get("errors", []))[:MAX_ERRORS]
        self.error_count = int(state.get("error_count", len(self.errors)))
        path.touch(exist_ok=True)
        self.stream = open(path, "r+b")  # noqa: SIM115 - closed by close(), after the whole run
        self.stream.truncate(keep_bytes)
        self.stream.seek(keep_bytes)
        self.lines: list[str] = []  # written together: at a commit point, or WRITE_LINES at a time

    def start(self, header: list[str]) -> None:
        """The pipeline announces the header; the outcomes need none."""

    def row(self, row: ParsedRow) -> None:
        self.counts["rows"] += 1
        if row.problems:
            self.counts["refused"] += 1
            self.error_count += len(row.problems)
            room = MAX_ERRORS - len(self.errors)
            self.errors.extend(problem.as_dict() for problem in row.problems[: max(room, 0)])
            line = [row.number, RowOutcome.REFUSED, [[p.column, p.code, p.message] for p in row.problems]]
            self.lines.append(json.dumps(line, ensure_ascii=False))
        else:
            outcome = row.outcome or RowOutcome.IMPORTED
            if outcome in self.counts:
                self.counts[outcome] += 1
            if row.note:  # what an update changed: [number, outcome, no reasons, the note]
                self.lines.append(json.dumps([row.number, outcome, [], row.note], ensure_ascii=False))
            else:
                # What json.dumps writes for [number, outcome] (the outcomes are plain ASCII words),
                # in a fraction of its time: most rows of a million-row file come this way.
                self.lines.append(f'[{row.number}, "{outcome}"]')
        if len(self.lines) >= WRITE_LINES:  # a command's run has no commit points to wait for
            self._write()

    def _write(self) -> None:
        if self.lines:
            self.stream.write(("\n".join(self.lines) + "\n").encode("utf-8"))
            self.lines.clear()

    def commit_point(self) -> int:
        """Make the lines so far durable; the length to save with the batch's checkpoint."""
        self._write()
        self.stream.flush()
        os.fsync(self.stream.fileno())
        return self.stream.tell()

    def state(self) -> dict:
        return {**self.counts, "errors": self.errors, "error_count": self.error_count}

    def close(self) -> None:
        self._write()
        self.stream.close()


def read_outcomes(path: Path) -> Iterator[list]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


class _JobReport(ReportWriter):
    """The command's report, except that a row nothing was written for never reads "已导入": in check
    mode the good rows read "检查通过", in a refused all-or-nothing run every row reads "未导入"."""

    def __init__(self, path: Path, mode: str, rolled_back: bool, **options):
        super().__init__(path, **options)
        self.mode, self.rolled_back = mode, rolled_back
        self._labels: dict[str, str] = {}  # translated once per outcome, not once per row

    def label(self, outcome: str) -> str:
        label = self._labels.get(outcome)
        if label is None:
            label = self._labels[outcome] = self._label(outcome)
        return label

    def _label(self, outcome: str) -> str:
        if outcome != RowOutcome.REFUSED and self.mode == ImportMode.CHECK:
            return CHECKED
        if self.rolled_back:
            return str(RowOutcome.REFUSED.label)
        return str(RowOutcome(outcome).label)


BEAT_ROWS = 10_000


def build_report(
    upload: Path,
    outcomes_path: Path,
    target: Path | None,
    *,
    mode: str,
    rolled_back: bool,
    beat=None,
    refused_target: Path | None = None,
) -> None:
    """The upload's rows, each with its outcome and reasons, in constant memory (at `target`), and
    the refused rows alone, each with its row in the file (at `refused_target`): either or both, from
    one reading of the upload. `beat()`, when given, is called every BEAT_ROWS rows: a job's sign of
    life while a long report is written."""
    table = open_table(upload, upload.name, max_bytes=settings.JXJY_IMPORT_MAX_BYTES)
    full = _JobReport(target, mode, rolled_back) if target is not None else None
    refused = None
    if refused_target is not None:
        refused = _JobReport(refused_target, mode, rolled_back, sheet=REFUSED_SHEET, file_rows=True)
    reports = [report for report in (full, refused) if report is not None]
    refused_lines = 0
    try:
        for report in reports:
            report.start(table.header)
        known = read_outcomes(outcomes_path)
        pending = next(known, None)
        for written, (number, cells) in enumerate(table.rows(), start=1):
            if beat is not None and written % BEAT_ROWS == 0:
                beat()
            while pending is not None and pending[0] < number:
                pending = next(known, None)
            outcome = pending if pending is not None and pending[0] == number else None
            if full is not None:
                _write_line(full, number - 1, cells, outcome)
            if refused is not None and outcome is not None and len(outcome) > 2 and outcome[2]:
                refused_lines += 1
                _write_line(refused, refused_lines, cells, outcome, file_row=number)
    finally:
        for report in reports:
            report.close()


def _write_line(
    writer: _JobReport, line: int, cells: list, outcome: list | None, file_row: int | None = None
) -> None:
    if outcome is None:  # a row the run never reached (it stopped on a damaged line)
        writer.row(line, cells, None, file_row=file_row)
    elif len(outcome) > 2 and outcome[2]:
        reasons = "；".join(f"{column}：{message}" for column, _code, message in outcome[2])
        writer.row(line, cells, writer.label(outcome[1]), reasons, refused=True, file_row=file_row)
    elif len(outcome) > 3 and not writer.rolled_back:  # what an update changed
        writer.row(line, cells, writer.label(outcome[1]), outcome[3], file_row=file_row)
    else:
        writer.row(line, cells, writer.label(outcome[1]), file_row=file_row)
