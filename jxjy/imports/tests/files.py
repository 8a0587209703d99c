"""Real damaged files, written the way the damage happens in the world.

XLSX comes from xlsxwriter (a real writer, as Excel and WPS files are real ZIPs of XML); CSV is
encoded as Excel's "另存为" writes it; the impostors are real PDFs and pictures with a false name.
"""

import datetime
import io
import re
import zipfile
from pathlib import Path

import xlsxwriter
from stdnum.cn import ric

HEADER = ["姓名", "公民身份号码", "开始日期", "学时"]
SHEET = "xl/worksheets/sheet1.xml"  # the first sheet's part, as xlsxwriter names it


def valid_id(first17: str = "65010219880315002") -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def id_with_x() -> str:
    """A real-form number whose check character is X."""
    for serial in range(100, 999):
        number = valid_id(f"65010219900101{serial}")
        if number.endswith("X"):
            return number
    raise AssertionError("no X number found")


ID = valid_id()  # 650102198803150025
ID_X = id_with_x()


def xlsx_damaged_ids(folder: Path) -> Path:
    """Row 2: the ID typed into a General cell (Excel stores a number: 15 digits kept);
    row 3: what Excel shows of it, pasted back as text; row 4: a clean ID; row 5: full-width
    digits, spaces and a lowercase x."""
    path = folder / "ids.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet("人员")
        sheet.write_row(0, 0, HEADER)
        sheet.write_string(1, 0, "张三")
        sheet.write_number(1, 1, int(ID))
        sheet.write_string(2, 0, "李四")
        sheet.write_string(2, 1, "6.50102E+17")
        sheet.write_string(3, 0, "王五")
        sheet.write_string(3, 1, ID)
        sheet.write_string(4, 0, "赵六")
        sheet.write_string(4, 1, full_width(ID_X[:6]) + " " + ID_X[6:14] + "　" + ID_X[14:].lower())
    return path


def full_width(digits: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in digits)


def xlsx_dates(folder: Path) -> Path:
    """One date per row in column C: a serial with a date format, a bare serial, a real datetime,
    and text as people type it."""
    path = folder / "dates.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        date_format = workbook.add_format({"num_format": "yyyy/m/d"})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADER)
        sheet.write_number(1, 2, 46086, date_format)
        sheet.write_number(2, 2, 46086)
        sheet.write_datetime(3, 2, datetime.datetime(2026, 3, 5), date_format)  # noqa: DTZ001 - Excel has no zones
        for row, typed in enumerate(["2026年3月5日", "2026.3.5", "2026/3/5", "２０２６－０３－０５"], 4):
            sheet.write_string(row, 2, typed)
        sheet.write_string(8, 2, "2026-02-30")
        for row in range(1, 9):
            sheet.write_string(row, 0, f"人员{row}")
    return path


def xlsx_layout(folder: Path) -> Path:
    """An empty first sheet, then the data with a title above the header (header on row 3), a merged
    cell, a blank row in the middle, and a notes sheet after."""
    path = folder / "layout.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        workbook.add_worksheet("Sheet1")
        sheet = workbook.add_worksheet("名单")
        notes = workbook.add_worksheet("填表说明")
        notes.write(0, 0, "公民身份号码列请设为文本格式")
        sheet.merge_range(0, 0, 0, 3, "2026 年继续教育学时登记表")
        sheet.write_row(2, 0, ["姓名", " 公民身份号码 ", "开始　日期", "学时"])
        sheet.write_row(3, 0, ["张三", ID, "2026-03-05", 8])
        sheet.merge_range(4, 0, 5, 0, "李四")
        sheet.write_row(4, 1, [ID_X, "2026-03-06", 7.5])
        # row 7 (index 6) left blank; row 8 after it
        sheet.write_row(7, 0, ["王五", ID, "2026-03-07", 4])
        sheet.write_string(8, 0, "   ")  # only spaces: blank too
    return path


def xlsx_formulas(folder: Path) -> Path:
    """Hours from formulas: one with its cached value, one whose cached value is #DIV/0!, one #REF!."""
    path = folder / "formulas.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADER)
        for row in (1, 2, 3):
            sheet.write_row(row, 0, [f"人员{row}", ID, "2026-03-05"])
        sheet.write_formula(1, 3, "=3+4.5", None, 7.5)
        sheet.write_formula(2, 3, "=1/0", None, "#DIV/0!")
        sheet.write_formula(3, 3, "=#REF!+1", None, "#REF!")
    return path


def write_typed_row(sheet, line: int, row: list, date_format) -> None:
    """A row as Excel stores what people type: TRUE/FALSE, dates, numbers and text (blank: nothing)."""
    for position, value in enumerate(row):
        if isinstance(value, bool):
            sheet.write_boolean(line, position, value)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(line, position, value, date_format)
        elif isinstance(value, int | float):
            sheet.write_number(line, position, value)
        elif value:
            sheet.write_string(line, position, value)


def xlsx_rows(folder: Path, name: str, header: list, rows: list[list]) -> Path:
    path = folder / name
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, header)
        for index, row in enumerate(rows, 1):
            sheet.write_row(index, 0, row)
    return path


def csv_as_excel(folder: Path, name: str, rows: list[list[str]], kind: str) -> Path:
    """kind: "utf8_bom" (CSV UTF-8), "gbk" (CSV 逗号分隔 on Chinese Windows), "utf16" (Unicode 文本),
    "utf8" (no BOM, as from a script or WPS)."""
    delimiter = "\t" if kind == "utf16" else ","
    text = "".join(delimiter.join(_csv_quote(cell, delimiter) for cell in row) + "\r\n" for row in rows)
    encoded = {
        "utf8_bom": lambda: b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf8": lambda: text.encode("utf-8"),
        "gbk": lambda: text.encode("gbk"),
        "utf16": lambda: b"\xff\xfe" + text.encode("utf-16-le"),
    }[kind]()
    path = folder / name
    path.write_bytes(encoded)
    return path


def _csv_quote(cell: str, delimiter: str) -> str:
    if any(c in cell for c in (delimiter, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def pdf_named_xlsx(folder: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="roster")
    path = folder / "名单.xlsx"
    path.write_bytes(bytes(pdf.output()))
    return path


def png_named_csv(folder: Path) -> Path:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    path = folder / "scan.csv"
    path.write_bytes(buffer.getvalue())
    return path


def legacy_xls(folder: Path) -> Path:
    """The start of an Excel 97-2003 file: the OLE2 compound-file header."""
    path = folder / "old.xls"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    path.write_bytes(header + b"\x00" * (512 - len(header)) + "Workbook".encode("utf-16-le") + b"\x00" * 1024)
    return path


def encrypted_xlsx(folder: Path) -> Path:
    """An .xlsx with an opening password: Excel wraps it in OLE2 with an EncryptedPackage stream."""
    path = folder / "locked.xlsx"
    stream_name = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + stream_name)
    return path


def html_named_xls(folder: Path) -> Path:
    path = folder / "export.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    return path


def zip_bomb(folder: Path, unpacked_mb: int = 300) -> Path:
    """A workbook-shaped ZIP whose sheet inflates to unpacked_mb of zeros (written in chunks)."""
    path = folder / "bomb.xlsx"
    chunk = b"\x00" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked_mb):
                member.write(chunk)
    return path


def truncated_xlsx(folder: Path) -> Path:
    """An upload cut off half-way."""
    whole = xlsx_rows(folder, "whole.xlsx", HEADER, [["张三", ID, "2026-03-05", 8]])
    path = folder / "cut.xlsx"
    path.write_bytes(whole.read_bytes()[:600])
    return path


def oversized_csv(folder: Path, size: int) -> Path:
    path = folder / "big.csv"
    line = ",".join(["张三", ID, "2026-03-05", "8"]).encode("utf-8") + b"\r\n"
    with path.open("wb") as f:
        f.write(",".join(HEADER).encode("utf-8") + b"\r\n")
        f.write(line * (size // len(line) + 1))
    return path


# Files that are not tables, or not readable ones, and the code each is refused with.
NOT_TABLES = [
    (pdf_named_xlsx, "not_a_table"),
    (png_named_csv, "not_a_table"),
    (html_named_xls, "not_a_table"),
    (legacy_xls, "legacy_xls"),
    (encrypted_xlsx, "encrypted"),
    (truncated_xlsx, "file_damaged"),
]


def rewrite_members(path: Path, change) -> Path:
    """The workbook at `path` with each member's bytes passed through change(name, data)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: change(name, archive.read(name)) for name in archive.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


STRICT_NAMESPACES = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}  # fmt: skip


def as_strict(path: Path) -> Path:
    """The workbook as Excel's "Strict Open XML 电子表格" saves it: the same parts, in the Strict
    namespaces (the package's own relationships keep theirs)."""

    def change(_name: str, data: bytes) -> bytes:
        for transitional, strict in STRICT_NAMESPACES.items():
            data = data.replace(transitional, strict)
        return data

    return rewrite_members(path, change)


SHEET_TAGS = ("worksheet", "dimension", "sheetViews", "sheetView", "selection", "sheetFormatPr", "cols",
              "col", "sheetData", "pageMargins", "row", "c", "f", "v", "is", "t")  # fmt: skip


def with_prefixed_tags(path: Path, sheet: str = SHEET) -> Path:
    """The workbook with every tag of the sheet under a prefix, as the Open XML SDK writes them."""

    def change(name: str, data: bytes) -> bytes:
        if name != sheet:
            return data
        xml = data.decode().replace('xmlns="http://schemas', 'xmlns:x="http://schemas', 1)
        for tag in SHEET_TAGS:
            xml = xml.replace(f"<{tag} ", f"<x:{tag} ").replace(f"<{tag}>", f"<x:{tag}>")
            xml = xml.replace(f"</{tag}>", f"</x:{tag}>").replace(f"<{tag}/>", f"<x:{tag}/>")
        return xml.encode()

    return rewrite_members(path, change)


_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.DOTALL)
_REFERENCE = re.compile(rb' r="[A-Z]*\d+"')


def without_references(path: Path, keep_odd: bool = False, sheet: str = SHEET) -> Path:
    """Take the r attributes (the row's number, each cell's reference) off the sheet's rows, off all
    of them or off the even-numbered ones, as some writers leave them out: such a row follows the
    row before, such a cell the cell before."""

    def unnumber(row: re.Match) -> bytes:
        return row.group(0) if keep_odd and int(row.group(1)) % 2 else _REFERENCE.sub(b"", row.group(0))

    def change(name: str, data: bytes) -> bytes:
        if name != sheet:
            return data
        changed = _ROW.sub(unnumber, data)
        assert keep_odd or b' r="' not in changed.partition(b"<sheetData")[2]
        return changed

    return rewrite_members(path, change)
