"""Reading exported files back the way a recipient would: XLSX with python-calamine (values) and the
package's XML (cell types and number formats); CSV as text."""

import csv
import io
import zipfile
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
BUILTIN_FORMATS = {0: "General", 49: "@"}


def xlsx_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read("xl/worksheets/sheet1.xml").decode()


def cell_formats(content: bytes) -> dict[str, tuple[str, str]]:
    """Each written cell's reference → (type attribute, number format code)."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        styles = ElementTree.fromstring(package.read("xl/styles.xml"))
        sheet = ElementTree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    codes = dict(BUILTIN_FORMATS)
    for number_format in styles.iterfind("m:numFmts/m:numFmt", NS):
        codes[int(number_format.get("numFmtId"))] = number_format.get("formatCode")
    xf_codes = [codes.get(int(xf.get("numFmtId", 0)), "?") for xf in styles.iterfind("m:cellXfs/m:xf", NS)]
    return {
        cell.get("r"): (cell.get("t", "n"), xf_codes[int(cell.get("s", 0))])
        for cell in sheet.iterfind("m:sheetData/m:row/m:c", NS)
    }


def csv_rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def download(response) -> bytes:
    return b"".join(response.streaming_content)
