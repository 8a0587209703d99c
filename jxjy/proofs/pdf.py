"""The proof PDF: A4, in Chinese, with the project's own font embedded (fonts/README.md) so it reads
the same on a machine with no Chinese fonts, and a QR code of the public verification address.
Pure: it lays out what it is given and reads nothing from the database."""

import datetime
import logging
from dataclasses import dataclass
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "WenQuanYiMicroHei-Subset.ttf"
FONT = "wqy"
TITLE = "专业技术人员继续教育学时证明"
COLUMNS = [  # heading, width (mm), key of the year row
    ("年度", 16, "year"),
    ("专业科目", 22, "professional"),
    ("公需科目", 22, "public"),
    ("合计", 22, "total"),
    ("学分", 18, "credits"),
    ("要求", 22, "required"),
    ("是否达标", 24, "met_label"),
    ("规则版本", 24, "rule_version"),
]
QR_SIZE = 36  # mm

# fpdf2 subsets the font through fontTools, which reports every glyph it keeps at INFO: a page of
# log lines per proof. Its warnings (a character missing from the font) still show.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


@dataclass(frozen=True)
class ProofDocument:
    name: str
    id_number: str  # masked: a printed proof needs no full ID number
    unit: str
    payload: dict  # what Proof.payload holds: years, issuer, issue date
    code: str
    verify_url: str


def render_proof_pdf(document: ProofDocument) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(TITLE)
    pdf.set_creator("jxjy 继续教育公共信息综合服务平台")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FONT, "", str(FONT_PATH))
    pdf.add_page()
    _heading(pdf, document)
    _year_table(pdf, document.payload["years"])
    _requirements(pdf, document.payload["years"])
    _issuer(pdf, document.payload)
    _verification(pdf, document)
    return bytes(pdf.output())


def _line(pdf: FPDF, text: str, size: float = 11, height: float = 7, align: str = "L") -> None:
    pdf.set_font(FONT, size=size)
    pdf.multi_cell(0, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, document: ProofDocument) -> None:
    _line(pdf, TITLE, size=20, height=12, align="C")
    _line(pdf, f"验证码：{document.code}", size=9, height=6, align="C")
    pdf.ln(6)
    years = document.payload["years"]
    span = f"{years[0]['year']} 年度" if len(years) == 1 else f"{years[0]['year']}—{years[-1]['year']} 年度"
    _line(pdf, f"姓名：{document.name}        公民身份号码：{document.id_number}")
    _line(pdf, f"工作单位：{document.unit or '—'}")
    pdf.ln(2)
    _line(pdf, f"兹证明该同志 {span}参加继续教育的登记学时如下（单位：学时）：")
    pdf.ln(2)


def _year_table(pdf: FPDF, years: list[dict]) -> None:
    pdf.set_font(FONT, size=10)
    pdf.set_fill_color(238, 242, 247)
    for heading, width, _key in COLUMNS:
        pdf.cell(width, 9, heading, border=1, align="C", fill=True)
    pdf.ln()
    for row in years:
        for _heading_text, width, key in COLUMNS:
            pdf.cell(width, 9, _cell(row, key), border=1, align="C")
        pdf.ln()
    pdf.ln(3)


def _cell(row: dict, key: str) -> str:
    if key == "met_label":
        return met_label(row)
    value = row.get(key)
    return "—" if value in (None, "") else str(value)


def met_label(row: dict) -> str:
    if not row.get("rule_version"):
        return "规则未发布"
    if row["met"]:
        return "达标（学历教育）" if row.get("degree_study") else "达标"
    return "未达标"


def _requirements(pdf: FPDF, years: list[dict]) -> None:
    """One line per distinct requirement, naming the years it applies to (usually one line)."""
    pdf.set_font(FONT, size=9)
    groups: dict[tuple, list[str]] = {}
    for row in years:
        key = (row.get("required"), row.get("required_professional"), row.get("required_public"))
        groups.setdefault(key, []).append(str(row["year"]))
    for (total, professional, public), group in groups.items():
        if total:
            text = (
                f"{'、'.join(group)} 年度要求：合计不少于 {total} 学时，其中专业科目不少于 "
                f"{professional} 学时、公需科目不少于 {public} 学时。"
            )
        else:
            text = f"{'、'.join(group)} 年度学时规则尚未发布，仅列登记学时。"
        pdf.multi_cell(0, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    met = sum(1 for row in years if row["met"])
    summary = (
        "以上年度均达到继续教育学时要求。"
        if met == len(years)
        else f"以上 {len(years)} 个年度中，{met} 个年度达到要求。"
    )
    _line(pdf, summary)
    pdf.ln(4)


def _issuer(pdf: FPDF, payload: dict) -> None:
    _line(pdf, f"签发单位：{payload['issuer']}", align="R")
    _line(pdf, f"签发日期：{date_label(payload['issued_on'])}", align="R")
    pdf.ln(6)


def date_label(iso_date: str) -> str:
    day = datetime.date.fromisoformat(iso_date)
    return f"{day.year}年{day.month}月{day.day}日"


def _verification(pdf: FPDF, document: ProofDocument) -> None:
    if pdf.get_y() + QR_SIZE + 10 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    _qr(pdf, document.verify_url, x=pdf.l_margin, y=top)
    pdf.set_xy(pdf.l_margin + QR_SIZE + 6, top + 2)
    pdf.set_font(FONT, size=9)
    text = (
        f"验证码：{document.code}\n查验网址：{document.verify_url}\n"
        "扫描左侧二维码或访问上述网址，可查验本证明的真伪与当前状态（有效、已撤销或已被新证明取代）。"
        "证明内容以查验页面显示为准。"
    )
    pdf.multi_cell(0, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _qr(pdf: FPDF, url: str, x: float, y: float) -> None:
    """The QR code drawn as vector squares (sharp at any print size), with its quiet zone."""
    qr = segno.make_qr(url, error="m")
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=4)]
    module = QR_SIZE / len(rows)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")
