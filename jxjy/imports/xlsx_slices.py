"""Read one worksheet of an XLSX a slice of rows at a time, so a big sheet never sits in memory.

python-calamine reads a whole sheet at once (it has no lazy reader: dimastbk/python-calamine#42), and a
million-row sheet takes about 1.2 GB that way. So the sheet's XML is cut, as it is inflated, after a
row's end tag once SLICE_BYTES have gathered. Each slice is wrapped in the sheet's own opening and
closing tags and written, beside the workbook's own workbook, relationship, style and shared-string
parts, into a small workbook in a temporary folder, which calamine reads as usual: every cell is still
typed by calamine. The caller holds one slice while the next is read.

The price: calamine reads the shared strings again for each slice (0.25 s per slice for a million
rows' 30 MB of strings), on the second thread. With 8 MB slices a million-row import peaked at
194 MB (SQLite) and ran as fast as with 16 MB (298 MB); the whole sheet at once took 1.19 GB.
"""

import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineSheet, CalamineWorkbook

from jxjy.imports.errors import FileRefused

SLICE_BYTES = 8 << 20

# The parts calamine reads besides the sheet; found by these names, as calamine finds them.
_SHARED_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/sharedStrings.xml",
)
# A sheet's tags may carry a prefix (<x:c>, as the Open XML SDK writes them): for patterns over its XML.
TAG_PREFIX = rb"(?:[\w.-]+:)?"
_ROOT = re.compile(rb"<([\w.-]+:)?worksheet\b")
_SHEET_DATA = re.compile(rb"<([\w.-]+:)?sheetData\b[^>]*?(/?)>")
# calamine may size its cell buffer from the sheet's stated dimension: a slice must not claim the whole.
_DIMENSION = re.compile(rb"<([\w.-]+:)?dimension\b[^>]*/>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_READ_BYTES = 1 << 20
_MAX_HEAD_BYTES = 16 << 20  # what may come before <sheetData> (column widths, panes, sheet views)
MAX_ROW_BYTES = 64 << 20  # one row's XML; Excel's widest rows of text stay far below
# What zipfile raises on a part it cannot inflate: torn deflate data, a bad CRC, a cut file, a
# compression it lacks (Deflate64), a ZIP password.
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError)  # NotImplementedError is a RuntimeError


@dataclass
class SheetSlice:
    """Whole rows of the sheet: as calamine read them, and their XML (for cells calamine leaves out)."""

    sheet: CalamineSheet
    xml: bytes


def sheet_slices(archive: zipfile.ZipFile, part: str, index: int) -> Iterator[SheetSlice]:
    """The slices of the index-th sheet, stored in the archive as `part`, in row order, each about
    SLICE_BYTES of XML (read at each call: tests set it to one byte to make a slice of every row).

    Raises FileRefused("file_damaged") when the sheet's XML or a slice cannot be read.
    """
    with tempfile.TemporaryDirectory(prefix="jxjy-xlsx-") as folder:
        base = Path(folder) / "base.xlsx"
        _write_shared_parts(archive, base)
        sliced = Path(folder) / "slice.xlsx"
        runs = row_runs(archive, part, SLICE_BYTES)

        def read_next() -> SheetSlice | None:
            run = next(runs, None)
            if run is None:
                return None
            xml = run.xml
            shutil.copyfile(base, sliced)
            with zipfile.ZipFile(sliced, "a") as workbook:
                workbook.writestr(part, xml)
            return SheetSlice(_calamine_sheet(sliced, index), xml)

        # The next slice is read while the caller works through this one: calamine lets go of the
        # GIL while it parses, so on two cores reading costs the caller little time.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="xlsx-slices") as reader:
            try:
                upcoming = reader.submit(read_next)
                while (piece := upcoming.result()) is not None:
                    upcoming = reader.submit(read_next)
                    yield piece
            finally:
                upcoming.cancel()
                wait([upcoming])
                runs.close()


def _write_shared_parts(archive: zipfile.ZipFile, path: Path) -> None:
    by_lower_name = {info.filename.lower(): info for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as base:
        for name in _SHARED_PARTS:
            info = by_lower_name.get(name.lower())
            if info is None:
                continue
            try:
                with archive.open(info) as source, base.open(info.filename, "w") as target:
                    shutil.copyfileobj(source, target, _READ_BYTES)
            except ZIP_DAMAGE:
                raise FileRefused("file_damaged") from None


def _calamine_sheet(path: Path, index: int) -> CalamineSheet:
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            return workbook.get_sheet_by_index(index)
    except BaseException as error:  # pyo3 reports a Rust panic as a BaseException
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise FileRefused("file_damaged") from None


@dataclass
class RowRun:
    """Whole rows of the sheet's XML, about SLICE_BYTES of them, with the tags that make them a sheet."""

    head: bytes  # the sheet's opening tags, up to <sheetData>, without <dimension>
    rows: bytes
    tail: bytes  # </sheetData></worksheet>
    row_start: bytes  # how a row tag begins here: <row, or <x:row in a sheet whose tags carry a prefix
    first: int  # the numbers of the first and the last row
    last: int

    @property
    def xml(self) -> bytes:
        """The rows as a standalone sheet."""
        return b"".join((self.head, self.rows, self.tail))


def _xml_slices(archive: zipfile.ZipFile, part: str, slice_bytes: int) -> Iterator[bytes]:
    """The sheet's XML as standalone sheets of whole rows, each about slice_bytes long."""
    for run in row_runs(archive, part, slice_bytes):
        yield run.xml


def row_runs(archive: zipfile.ZipFile, part: str, slice_bytes: int) -> Iterator[RowRun]:
    """The sheet's rows, inflated as they are read, cut into runs of about slice_bytes.

    Raises FileRefused("file_damaged") when the sheet's XML cannot be read."""
    try:
        yield from _cut(archive, part, slice_bytes)
    except (KeyError, OSError, *ZIP_DAMAGE):
        raise FileRefused("file_damaged") from None  # a missing part, or reading the file failed


def _cut(archive: zipfile.ZipFile, part: str, slice_bytes: int) -> Iterator[RowRun]:
    with archive.open(part) as xml:
        head, rest = _read_head(xml)
        if head is None:
            return
        root, opening = head
        prefix = opening.group(1) or b""
        before = _DIMENSION.sub(b"", opening.string[: opening.end()])
        after = b"</" + prefix + b"sheetData></" + (root.group(1) or b"") + b"worksheet>"
        row_end = b"</" + prefix + b"row>"
        row_start, last_row = b"<" + prefix + b"row", 0

        def run(rows: bytes) -> RowRun:
            nonlocal last_row
            rows, first, last_row = _numbered(rows, row_start, last_row)
            return RowRun(before, rows, after, row_start, first, last_row)

        pending = bytearray(rest)
        while True:
            while len(pending) >= slice_bytes:
                # Cut at the first row end past slice_bytes, so that every slice holds whole rows.
                end = pending.find(row_end, max(slice_bytes - len(row_end), 0))
                if end < 0:
                    if len(pending) > slice_bytes + MAX_ROW_BYTES:
                        raise FileRefused("file_damaged")  # no row ends: not a sheet anyone could read
                    break  # the row goes on in the next chunk
                end += len(row_end)
                yield run(bytes(pending[:end]))
                del pending[:end]
            chunk = xml.read(_READ_BYTES)
            if not chunk:
                break
            pending += chunk
        # The last rows. After them come </sheetData> and what follows it, never part of a slice.
        end = pending.rfind(row_end)
        if end >= 0:
            yield run(bytes(pending[: end + len(row_end)]))


def _numbered(rows: bytes, row_start: bytes, previous: int) -> tuple[bytes, int, int]:
    """A slice's rows, its first row numbered, and the numbers of its first and last rows.

    A row's r attribute (its number) is optional: a row without one is the row after the row before
    it. calamine numbers the rows of a slice whose first row has none from 1, so that row is given
    the number it has in the sheet, `previous` + 1. Excel writes r on every row: then this reads two
    tags, the first and the last."""
    first = rows.find(row_start)
    if first < 0:  # no row begins here (damage calamine will refuse)
        return rows, previous + 1, previous
    number = row_number(rows, first)
    if number is None:
        number, at = previous + 1, first + len(row_start)
        rows = b'%s r="%d"%s' % (rows[:at], number, rows[at:])
    # The last row's number: the last numbered row's, and one for each row after it.
    after_numbered, end = 0, len(rows)
    while (start := rows.rfind(row_start, 0, end)) >= first:
        last = row_number(rows, start)
        if last is not None:
            return rows, number, last + after_numbered
        after_numbered, end = after_numbered + 1, start
    return rows, number, number + after_numbered


def row_number(rows: bytes, start: int) -> int | None:
    """The r attribute of the row tag at `start`, if it has one."""
    number = _ROW_NUMBER.search(rows, start, rows.find(b">", start))
    return None if number is None else int(number.group(1))


def _read_head(xml) -> tuple[tuple[re.Match, re.Match] | None, bytes]:
    """The <worksheet> and <sheetData> opening tags, and the bytes after them; None for no rows."""
    data = b""
    while True:
        chunk = xml.read(_READ_BYTES)
        data += chunk
        opening = _SHEET_DATA.search(data)
        if opening is not None:
            root = _ROOT.search(data, 0, opening.start())
            if root is None:
                raise FileRefused("file_damaged")
            if opening.group(2):  # <sheetData/>: a sheet without rows
                return None, b""
            return (root, opening), data[opening.end() :]
        if not chunk:
            return None, b""
        if len(data) > _MAX_HEAD_BYTES:
            raise FileRefused("file_damaged")
