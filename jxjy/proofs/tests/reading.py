"""Reading an issued PDF back as a person (and a phone) would: its text, its QR code, its fonts."""

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_texts(data: bytes) -> list[str]:
    """Every QR code found on the rendered pages (rendered at 216 dpi, as a phone camera sees print)."""
    document = pypdfium2.PdfDocument(data)
    try:
        found = []
        for index in range(len(document)):
            image = document[index].render(scale=3).to_pil()
            found += [
                result.text for result in zxingcpp.read_barcodes(image) if result.format.name == "QRCode"
            ]
        return found
    finally:
        document.close()


def embedded_fonts(data: bytes) -> list[dict]:
    """Each font on each page: its name and which FontFile stream embeds it (None: not embedded)."""
    fonts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            stream = next(
                (key for key in ("/FontFile2", "/FontFile3", "/FontFile") if key in descriptor), None
            )
            fonts.append(
                {"name": str(font.get("/BaseFont")), "file": stream, "unicode": "/ToUnicode" in font}
            )
    return fonts


def page_size_mm(data: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)
