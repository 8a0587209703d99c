"""The downloadable report's workbook: the file's own rows, each with what became of it and, for a
refused row, every reason (for an updated one, what changed), so the clerk can fix the rows in place
and upload the report again (the two added columns are ignored on re-import). The rows are written
by `jobs.outcomes.build_report`, for a job and for the commands' --report alike, once the run is over
and it is known whether anything stayed written."""

from pathlib import Path

import xlsxwriter

RESULT, REASONS = "导入结果", "错误说明"


class ReportWriter:
    def __init__(self, path: Path):
        # constant_memory: rows go to disk as they are written; a million-row report stays small in RAM.
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
        self.sheet = self.book.add_worksheet("导入结果")
        self.text = self.book.add_format({"num_format": "@"})
        self.refused = self.book.add_format({"font_color": "#b42318"})
        self.header_format = self.book.add_format({"bold": True, "bg_color": "#eef2f6"})
        self.width = 0

    def start(self, header: list[str]) -> None:
        self.width = len(header)
        self.sheet.write_row(0, 0, [*header, RESULT, REASONS], self.header_format)
        self.sheet.freeze_panes(1, 0)

    def _cell(self, line: int, position: int, value) -> None:
        if value is None:
            return
        if isinstance(value, str):
            self.sheet.write_string(line, position, value, self.text)
        else:
            self.sheet.write(line, position, value)

    def close(self) -> None:
        self.book.close()
