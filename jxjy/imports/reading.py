"""Open an uploaded spreadsheet and stream its rows, whatever its name says it is.

The format is decided by the bytes: an .xlsx is a ZIP holding xl/workbook.xml, everything else that
decodes as text is CSV. What is neither (a PDF, a picture, an old .xls, a web page saved as .xls) is
refused with a FileRefused that says what it is and what to do.

Rows come out as `(row_number, cells)` with the number Excel shows beside the row, blank rows skipped
but counted. CSV is decoded incrementally and never held whole. XLSX is read by python-calamine a slice
of rows at a time (imports.xlsx_slices), so only one slice's cells are in memory.
"""

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from jxjy.imports import xlsx_count, xlsx_slices
from jxjy.imports.errors import FileRefused

HEAD_BYTES = 1 << 20  # the encoding and the delimiter are decided on the first megabyte
MAX_UNPACKED_BYTES = 1_500_000_000
MAX_RATIO = 200
RATIO_FLOOR = 10 << 20  # small files may compress very well; the ratio matters above this size
MAX_ZIP_ENTRIES = 2000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: .xls, .doc, or an encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SIGNATURES = (
    (b"%PDF", "PDF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)
_MARKUP = re.compile(rb"(?:\xef\xbb\xbf)?\s*<(?:\?xml|!doctype|html|table|meta)", re.IGNORECASE)
_PREFIX = xlsx_slices.TAG_PREFIX
_ERROR_CELL = re.compile(
    rb"<" + _PREFIX + rb'c\b([^>]*\bt="e"[^>]*)>'
    rb"(?:<" + _PREFIX + rb"f\b[^>]*/>|<" + _PREFIX + rb"f\b[^>]*>[^<]*</" + _PREFIX + rb"f>)?"
    rb"<" + _PREFIX + rb"v>([^<]*)</" + _PREFIX + rb"v>"
)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
# A workbook's own namespaces: Transitional OOXML (what Excel and WPS save by default), or Strict
# (Excel's "Strict Open XML 电子表格" save option), which calamine reads as well. The package's
# relationships keep one namespace in both.
_SPREADSHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_RELATIONSHIP_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_RELATIONSHIP_ID_ATTRIBUTES = {f"{{{namespace}}}id" for namespace in _RELATIONSHIP_NAMESPACES}
_PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

Cell = str | float | int | bool | None | object
Records = Callable[[], Iterator[tuple[int, list]]]


@dataclass
class Table:
    """An opened file: what it was read as, its header, and its data rows (iterable again and again)."""

    filename: str
    format: str  # "xlsx" | "csv"
    encoding: str | None  # CSV only: "utf-8-sig", "utf-8", "gb18030", "utf-16", "utf-16-le", "utf-16-be"
    delimiter: str | None  # CSV only
    sheet: str | None  # XLSX only: the sheet that was read
    header: list[str]
    header_row: int
    _records: Records = field(repr=False)
    # XLSX: counts the rows from the sheet's XML (see count_rows); None where the reader must count
    _counter: Callable[..., tuple[int, int] | None] | None = field(default=None, repr=False)

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """Data rows after the header as (row number in the file, cells); blank rows are skipped.

        May raise FileRefused("csv_malformed") part-way through a damaged CSV.
        """
        records = self._records()
        for number, _cells in records:
            if number >= self.header_row:
                break
        for number, cells in records:
            # Our templates carry a notes row under the header ("说明：…"): guidance, not data.
            if number == self.header_row + 1 and _is_notes_row(cells):
                continue
            yield number, cells

    def count_rows(self, up_to: int = 0, beat: Callable[[], None] | None = None) -> tuple[int, int]:
        """(the data rows `rows()` gives, those of them numbered up to `up_to`), for a progress bar.
        An XLSX is counted from its XML (imports.xlsx_count), far faster than reading its cells; a
        CSV is read. `beat` is called now and then on a long count. May raise FileRefused."""
        if self._counter is not None:
            counted = self._counter(
                header_row=self.header_row,
                notes_mark=NOTES_PREFIX,
                notes_row=self._notes_rows,
                up_to=up_to,
                beat=beat,
            )
            if counted is not None:
                return counted
        total = before = 0
        for number, _cells in self.rows():
            total += 1
            before += number <= up_to
            if beat is not None and total % COUNT_BEAT_ROWS == 0:
                beat()
        return total, before

    def _notes_rows(self) -> int:
        """1 when the row under the header is our templates' notes row (rows() passes it over)."""
        records = self._records()
        try:
            for number, cells in records:
                if number > self.header_row:
                    return int(number == self.header_row + 1 and _is_notes_row(cells))
            return 0
        finally:
            records.close()  # an XLSX reader's temporary folder goes now


COUNT_BEAT_ROWS = 100_000


def _is_notes_row(cells: list) -> bool:
    return bool(cells) and isinstance(cells[0], str) and cells[0].lstrip().startswith(NOTES_PREFIX)


# The first cell of the notes row in the platform's templates (imports.templates_xlsx writes it).
NOTES_PREFIX = "说明："


class _Source:
    """A path or an open binary file, opened the same way for each pass."""

    def __init__(self, path_or_fileobj):
        if isinstance(path_or_fileobj, str | os.PathLike):
            self.path, self.fileobj = os.fspath(path_or_fileobj), None
        else:
            self.path, self.fileobj = None, path_or_fileobj

    def size(self) -> int:
        if self.path is not None:
            return os.path.getsize(self.path)
        return self.fileobj.seek(0, io.SEEK_END)

    @contextmanager
    def open(self):
        if self.path is not None:
            with open(self.path, "rb") as f:
                yield f
        else:
            self.fileobj.seek(0)
            yield self.fileobj


def open_table(
    path_or_fileobj,
    filename: str = "",
    *,
    max_bytes: int,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_RATIO,
) -> Table:
    """Recognise the file by its content and read its header; FileRefused when it cannot be read."""
    source = _Source(path_or_fileobj)
    size = source.size()
    if size > max_bytes:
        raise FileRefused("file_too_large", size_mb=_mb(size), limit_mb=_mb(max_bytes))
    if size == 0:
        raise FileRefused("empty_file")
    with source.open() as f:
        head = f.read(HEAD_BYTES)
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _open_xlsx(source, filename, size, max_unpacked_bytes, max_ratio)
    _refuse_binary(head)
    return _open_csv(source, filename, head)


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"


def _refuse_binary(head: bytes) -> None:
    if head.startswith(_OLE):
        raise FileRefused("encrypted" if _ENCRYPTED in head else "legacy_xls")
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise FileRefused("not_a_table", kind=kind)
    if _MARKUP.match(head, 0, 1024):
        # Many systems export a web page or SpreadsheetML 2003 and call it .xls.
        raise FileRefused("not_a_table", kind="网页或 XML")


# --- XLSX -----------------------------------------------------------------------------------------


def _open_xlsx(source: _Source, filename: str, size: int, max_unpacked: int, max_ratio: int) -> Table:
    with _archive(source) as archive:
        _check_archive(archive, size, max_unpacked, max_ratio)
        index, name, part, (header_row, header) = _first_sheet_with_data(source, archive)

    def records() -> Iterator[tuple[int, list]]:
        with _archive(source) as archive:
            yield from _xlsx_records(archive, part, index)

    def counter(**bounds) -> tuple[int, int] | None:
        with _archive(source) as archive:
            return xlsx_count.count_data_rows(archive, part, **bounds)

    return Table(filename, "xlsx", None, None, name, clean_header(header), header_row, records, counter)


def _first_sheet_with_data(source: _Source, archive: zipfile.ZipFile) -> tuple[int, str, str, tuple]:
    """(index, name, ZIP member, (header row, header)) of the first worksheet with a non-blank row."""
    for index, name in _worksheets(source):
        try:
            part = _sheet_part(archive, index)
        except (KeyError, ElementTree.ParseError, IndexError, ValueError):
            raise FileRefused("file_damaged") from None
        first = _xlsx_records(archive, part, index)
        try:
            found = _pick_header(first)
        finally:
            first.close()  # its temporary folder goes now
        if found is not None:
            return index, name, part, found
    raise FileRefused("empty_file")


@contextmanager
def _archive(source: _Source) -> Iterator[zipfile.ZipFile]:
    with source.open() as f:
        try:
            archive = zipfile.ZipFile(f)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise FileRefused("file_damaged") from None
        with archive:
            yield archive


def _check_archive(archive: zipfile.ZipFile, size: int, max_unpacked: int, max_ratio: int) -> None:
    """Refuse before any inflating: the central directory says how big the members claim to be."""
    members = archive.infolist()
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            raise FileRefused("unsupported_spreadsheet", kind="Excel 二进制工作簿 (.xlsb) ")
        if "content.xml" in names and "mimetype" in names:
            raise FileRefused("unsupported_spreadsheet", kind=" OpenDocument 表格 (.ods) ")
        if "word/document.xml" in names:
            raise FileRefused("not_a_table", kind=" Word 文档")
        raise FileRefused("not_a_table", kind="压缩包")
    unpacked = sum(m.file_size for m in members)
    if (
        len(members) > MAX_ZIP_ENTRIES
        or unpacked > max_unpacked
        or (unpacked > RATIO_FLOOR and unpacked > max_ratio * size)
    ):
        raise FileRefused("archive_bomb")


def _worksheets(source: _Source) -> list[tuple[int, str]]:
    """(index, name) of the worksheets, visible ones first: a hidden sheet holds drop-down lists."""
    try:
        if source.path is not None:
            workbook = CalamineWorkbook.from_path(source.path)
        else:
            source.fileobj.seek(0)
            workbook = CalamineWorkbook.from_filelike(source.fileobj)
        with workbook:
            sheets = workbook.sheets_metadata
    except BaseException as error:  # pyo3 reports a Rust panic as a BaseException
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise FileRefused("file_damaged") from None
    worksheets = [
        (meta.visible != SheetVisibleEnum.Visible, index, meta.name)
        for index, meta in enumerate(sheets)
        if meta.typ == SheetTypeEnum.WorkSheet
    ]
    return [(index, name) for _hidden, index, name in sorted(worksheets)]


def _pick_header(records: Iterator[tuple[int, list]]) -> tuple[int, list] | None:
    """The first of the first ten non-blank rows with two or more filled cells, else the first one.

    Passes over a title above the header (a merged "2026 年继续教育学时登记表"); a one-column file
    keeps its first row.
    """
    first = None
    for seen, (number, cells) in enumerate(records):
        if sum(1 for cell in cells if cell is not None and str(cell).strip()) >= 2:
            return number, cells
        first = first or (number, cells)
        if seen >= 9:
            break
    return first


def _xlsx_records(archive: zipfile.ZipFile, part: str, index: int) -> Iterator[tuple[int, list]]:
    """Rows numbered as Excel numbers them, cells from the first used column of the first slice.

    calamine gives each slice's rows from that slice's first used column to its last: they are
    aligned on the first slice's columns, and made at least as wide. A cell left of the first slice's
    columns has no header above it and is left out.
    """
    first_column = width = None
    for piece in xlsx_slices.sheet_slices(archive, part, index):
        if piece.sheet.start is None:
            continue
        start_row, start_column = piece.sheet.start
        if first_column is None:
            first_column, width = start_column, piece.sheet.width
        errors = {}
        if b't="e"' in piece.xml:
            _collect_errors(piece.xml, first_column, errors)
        left = [""] * max(start_column - first_column, 0)
        cut = max(first_column - start_column, 0)
        for offset, row in enumerate(piece.sheet.to_python(skip_empty_area=True)):
            if left or cut:
                row = left + row[cut:]
            if len(row) < width:
                row += [""] * (width - len(row))
            number = start_row + offset + 1
            for column, value in errors.get(number - 1, ()):
                if 0 <= column < len(row):
                    row[column] = value
            for cell in row:
                if cell != "" and (cell.__class__ is not str or not cell.isspace()):
                    break
            else:
                continue
            yield number, [None if cell == "" else cell for cell in row]


def _collect_errors(data: bytes, first_column: int, errors: dict) -> None:
    for match in _ERROR_CELL.finditer(data):
        ref = _CELL_REF.search(match.group(1))
        if ref is None:
            continue
        column = 0
        for letter in ref.group(1):
            column = column * 26 + letter - 64
        value = match.group(2).decode("utf-8", "replace")
        errors.setdefault(int(ref.group(2)) - 1, []).append((column - 1 - first_column, value))


def _sheet_part(archive: zipfile.ZipFile, index: int) -> str:
    """The ZIP member holding the index-th sheet, through the workbook's relationships."""
    for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if archive.getinfo(name).file_size > 16 << 20:
            raise ValueError(name)
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    namespace = workbook.tag[1:].partition("}")[0]
    if namespace not in _SPREADSHEET_NAMESPACES:
        raise ValueError(namespace)
    sheet = workbook.findall(f"{{{namespace}}}sheets/{{{namespace}}}sheet")[index]
    rel_id = next(
        (value for name, value in sheet.attrib.items() if name in _RELATIONSHIP_ID_ATTRIBUTES), None
    )
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(_PACKAGE_RELATIONSHIP):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError(rel_id)


# --- CSV ------------------------------------------------------------------------------------------


def _open_csv(source: _Source, filename: str, head: bytes) -> Table:
    encoding = detect_encoding(head, complete=len(head) < HEAD_BYTES)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head[:65536])
    delimiter = sniff_delimiter(text, encoding)

    def records() -> Iterator[tuple[int, list]]:
        return _csv_records(source, encoding, delimiter)

    first = records()
    try:
        found = _pick_header(first)
    finally:
        first.close()
    if found is None:
        raise FileRefused("empty_file")
    header_row, cells = found
    return Table(filename, "csv", encoding, delimiter, None, clean_header(cells), header_row, records)


def detect_encoding(head: bytes, *, complete: bool) -> str:
    """The encoding of a CSV from its first bytes: a BOM, else strict UTF-8, else GB18030.

    Hand-made, not a statistical detector (charset-normalizer, chardet): only four encodings occur
    in what Excel and WPS write here, and statistical detectors misread short GBK files (a roster
    of names) as Cyrillic or Big5. Valid UTF-8 is very rarely valid GBK by accident, and GB18030 is
    the superset of GBK and GB2312 that Chinese Excel writes.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode 文本": UTF-16LE with BOM, tab-separated
    if b"\x00" in head:
        return _utf16_without_bom(head)
    for encoding in ("utf-8", "gb18030"):
        try:
            # Incremental with final=False: a character cut at the edge of the chunk is not an error.
            codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        return encoding
    for encoding in ("utf-8", "gb18030"):
        # A byte torn here and there (a file cut or mended): tolerated when under 1% of the
        # non-ASCII characters; the torn cells then hold U+FFFD and are refused one by one.
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=complete)
        torn = text.count("\ufffd")
        if torn * 100 <= len(text) - len(text.encode("ascii", "ignore")) - torn:
            return encoding
    raise FileRefused("unknown_encoding")


def _utf16_without_bom(head: bytes) -> str:
    sample = head[:8192]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    raise FileRefused("not_a_table", kind="二进制数据")


def sniff_delimiter(text: str, encoding: str) -> str:
    """Comma, tab or semicolon: whichever the first non-blank line holds most of (ties: comma)."""
    line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: line.count(delimiter) for delimiter in ",\t;"}
    if encoding.startswith("utf-16") and counts["\t"]:
        return "\t"
    best = max(",\t;", key=counts.__getitem__)
    return best if counts[best] else ","


def _csv_records(source: _Source, encoding: str, delimiter: str) -> Iterator[tuple[int, list]]:
    with source.open() as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        number = 0
        try:
            # A record is one Excel row even when a quoted cell holds line breaks.
            for number, row in enumerate(csv.reader(text, delimiter=delimiter), 1):  # noqa: B007
                for cell in row:
                    if cell and not cell.isspace():
                        break
                else:
                    continue
                yield number, row
        except csv.Error as error:
            raise FileRefused("csv_malformed", row=number + 1, detail=str(error)) from None
        finally:
            if source.fileobj is not None:
                text.detach()  # the caller's file stays open


def clean_header(cells: list) -> list[str]:
    """Header texts stripped, inner runs of space made one, full-width and zero-width spaces removed."""
    header = []
    for cell in cells:
        if cell is None:
            text = ""
        elif isinstance(cell, float) and cell.is_integer():
            text = str(int(cell))
        else:
            text = str(cell)
        for invisible in ("\u3000", "\ufeff", "\u200b"):
            text = text.replace(invisible, "")
        header.append(" ".join(text.split()))
    while header and not header[-1]:
        header.pop()
    return header
