"""Count an XLSX sheet's data rows from its XML, without reading its cells: for a job's progress bar.

A background job shows "rows done of total" from the start, so it counts the file's rows first.
Reading every cell with calamine to count them costs about a third of a million-row import; this
reads the sheet's XML as it is inflated and counts the rows that hold a value (a <v> or an inline
<t>), a run of rows at a time. It gives what the reader gives (`Table.rows`: blank rows skipped) for
what Excel and WPS write. Where the XML could say less plainly whether a row is blank, the rows of that
run are looked at one by one (a value of only spaces, an empty <t/>); a workbook whose shared strings
hold a blank one is not counted here at all (None: the caller counts with the reader).

Left as is: a cell left of the header's first column, which the reader leaves out, makes its row count
here. The job sets its total to the rows it read when it finishes.
"""

import html
import re
import zipfile
from collections.abc import Callable, Iterator

from jxjy.imports.errors import FileRefused
from jxjy.imports.xlsx_slices import SLICE_BYTES, TAG_PREFIX, ZIP_DAMAGE, RowRun, row_number, row_runs

_PREFIX = TAG_PREFIX
# What a reader may take for blank: spaces of any kind (str.isspace), as text, as a character
# reference or as OOXML's own _xHHHH_ escape.
_SPACE = (
    rb"(?:\s|&#\w+;|_x[0-9A-Fa-f]{4}_|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]"
    rb"|\xe2\x81\x9f|\xe3\x80\x80)"
)
_BLANK_VALUE = re.compile(
    rb"<" + _PREFIX + rb"(?:v|t)(?:\s[^>]*)?(?:/>|>" + _SPACE + rb"*</)"
)  # fmt: skip
# Marks of text kept in the sheet (inline, a formula's text) or of an empty value: the only values
# that can be blank (numbers, dates, booleans and indexes into the shared strings cannot).
_TEXT_IN_SHEET = (
    b'"inlineStr"',
    b"'inlineStr'",
    b'"str"',
    b"'str'",
    b"<v></v>",
    b"<v/>",
    b"<t></t>",
    b"<t/>",
)
_VALUE = re.compile(rb"<" + _PREFIX + rb"(?:v|t)(?:\s[^>]*)?>([^<]*)</")
_SHARED_STRINGS = "xl/sharedstrings.xml"
_READ_BYTES = 1 << 20


def count_data_rows(
    archive: zipfile.ZipFile,
    part: str,
    *,
    header_row: int,
    notes_mark: str,
    notes_row: Callable[[], int],
    up_to: int = 0,
    beat: Callable[[], None] | None = None,
) -> tuple[int, int] | None:
    """(rows holding a value numbered after the header, those of them numbered up to `up_to`), or
    None when this cannot count them (a blank shared string). `notes_row()` says whether the row under
    the header is our templates' notes row (1) or not (0); it reads cells, so it is asked only of a file
    that holds the notes' first words, `notes_mark`. `beat` is called after each run of rows.

    Raises FileRefused("file_damaged") when the sheet's XML cannot be read."""
    mark = notes_mark.encode()
    try:
        blank, marked = _scan_shared_strings(archive, mark)
        if blank:
            return None
        if not marked:
            with archive.open(part) as sheet:
                marked = mark in sheet.read(_READ_BYTES)  # inline strings: the rows up to the header
    except (KeyError, OSError, *ZIP_DAMAGE):
        raise FileRefused("file_damaged") from None
    after = header_row + (notes_row() if marked else 0)
    total = before = 0
    for run in row_runs(archive, part, SLICE_BYTES):
        if run.last > after:
            counted, counted_before = _count_run(run, after, up_to)
            total, before = total + counted, before + counted_before
        if beat is not None:
            beat()
    return total, before


def _count_run(run: RowRun, after: int, up_to: int) -> tuple[int, int]:
    rows, first = run.rows, run.first
    if first <= after:  # the header, and what is above it, are here: step over them
        for number, start in _row_tags(rows, run.row_start, first):
            if number > after:
                rows, first = rows[start:], number
                break
        else:
            return 0, 0
    if (run.last <= up_to or first > up_to) and not _may_hold_blank_values(rows, run.row_start):
        counted = _rows_with_values(rows, run.row_start)
        return counted, counted if run.last <= up_to else 0
    numbers = list(_numbers_of_rows_with_values(rows, run.row_start, first))
    return len(numbers), sum(number <= up_to for number in numbers)


def _may_hold_blank_values(rows: bytes, row_start: bytes) -> bool:
    """Whether a value of these rows may be only spaces. The search (80 MB/s) runs only where text is
    kept in the sheet or a value is empty, or where tags carry a prefix (the marks are unprefixed)."""
    if row_start == b"<row" and not any(mark in rows for mark in _TEXT_IN_SHEET):
        return False
    return _BLANK_VALUE.search(rows) is not None


def _rows_with_values(rows: bytes, row_start: bytes) -> int:
    """The rows that hold a <v> or a <t>. The rows are cut after each row's end tag, so each piece
    holds one row (and any empty self-closed rows before it); no other tag in a row ends with v or t,
    and text cannot hold a bare >."""
    pieces = rows.split(b"</" + row_start[1:] + b">")
    return sum(1 for piece in pieces[:-1] if b"v>" in piece or b"t>" in piece)


def _row_tags(rows: bytes, row_start: bytes, first: int) -> Iterator[tuple[int, int]]:
    """(number, offset) of each row tag; the first row is numbered `first`."""
    number, start = first - 1, rows.find(row_start)
    while start >= 0:
        number = row_number(rows, start) or number + 1
        yield number, start
        start = rows.find(row_start, start + len(row_start))


def _numbers_of_rows_with_values(rows: bytes, row_start: bytes, first: int) -> Iterator[int]:
    """Row by row: the number of each row holding a value that is more than spaces."""
    tags = list(_row_tags(rows, row_start, first))
    for (number, start), (_next_number, end) in zip(tags, [*tags[1:], (0, len(rows))], strict=True):
        if any(_text(value).strip() for value in _VALUE.findall(rows, start, end)):
            yield number


def _text(value: bytes) -> str:
    return html.unescape(value.decode("utf-8", "replace"))


def _scan_shared_strings(archive: zipfile.ZipFile, mark: bytes) -> tuple[bool, bool]:
    """(whether a shared string is only spaces, so a cell holding it reads as blank; whether `mark`
    is in one)."""
    info = next((i for i in archive.infolist() if i.filename.lower() == _SHARED_STRINGS), None)
    if info is None:
        return False, False
    marked, tail = False, b""
    with archive.open(info) as strings:
        while chunk := strings.read(_READ_BYTES):
            data = tail + chunk
            if _BLANK_VALUE.search(data):
                return True, marked
            marked = marked or mark in data
            tail = data[-256:]  # a tag cut by the chunk's end is whole in the next search
    return False, marked
