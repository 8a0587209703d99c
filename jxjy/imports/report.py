"""The downloadable report's workbook: the file's own rows, each with what became of it and, for a
refused row, every reason (for an updated one, what changed), so the clerk can fix the rows in place
and upload the report again (the two added columns are ignored on re-import). The rows are written
by `jobs.outcomes.build_report`, for a job and for the commands' --report alike, once the run is over
and it is known whether anything stayed written.

Beside it, after an import that kept its good rows, the refused rows alone ("错误行"): the same
columns plus each row's number in the uploaded file, so that a clerk with three bad rows in a file of
a hundred thousand fixes and uploads three rows, not the whole file again."""

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from jxjy.exports.writers import StreamingWorksheet

RESULT, REASONS, FILE_ROW = "导入结果", "错误说明", "原文件行号"
_ALL_TEXT = {str}


class ReportWriter:
    def __init__(self, path: Path, *, sheet: str = "导入结果", file_rows: bool = False):
        self.file_rows = file_rows  # a last column with each row's number in the uploaded file
        # constant_memory: rows go to disk as they are written; a million-row report stays small in RAM.
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
        self.sheet = self.book.add_worksheet(sheet, worksheet_class=StreamingWorksheet)
        self.text = self.book.add_format({"num_format": "@"})
        self.refused = self.book.add_format({"font_color": "#b42318"})
        self.header_format = self.book.add_format({"bold": True, "bg_color": "#eef2f6"})
        self.width = 0

    def start(self, header: list[str]) -> None:
        self.width = len(header)
        added = [RESULT, REASONS, FILE_ROW] if self.file_rows else [RESULT, REASONS]
        self.sheet.write_row(0, 0, [*header, *added], self.header_format)
        self.sheet.freeze_panes(1, 0)
        # Style numbers in the order a sheet's cells first use them: the header, text, a reason.
        self.header_format._get_xf_index()
        self._text_style, self._refused_style = self.text._get_xf_index(), self.refused._get_xf_index()

    def row(
        self,
        line: int,
        cells: Sequence,
        result: str | None,
        reasons: str = "",
        refused: bool = False,
        file_row: int | None = None,
    ) -> None:
        """Sheet row `line`: the file's cells as they were read (text stays text, format "@"), then the
        result and the reasons (red for a refused row), when the run reached the row (`result`), and
        the row's number in the file (`file_row`, when the writer has that column)."""
        cells = cells[: self.width]
        texts, written = (), []
        if set(map(type, cells)) <= _ALL_TEXT:  # a CSV's row (every cell text): the quick way
            texts = cells
        else:
            text = self._text_style
            written = [(at, value, text if isinstance(value, str) else 0) for at, value in enumerate(cells)]
        if result is not None:
            written.append((self.width, result, 0))
            if reasons:
                written.append((self.width + 1, reasons, self._refused_style if refused else 0))
        if file_row is not None:
            written.append((self.width + 2, file_row, 0))
        self.sheet.append_row(line, written, texts, self._text_style)

    def close(self) -> None:
        self.book.close()
