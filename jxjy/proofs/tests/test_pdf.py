"""The PDF on its own, from results built directly: it opens, its text is the person's name and
totals, its QR code is the verify address, and its font travels inside it."""

import datetime

from jxjy.compliance.evaluation import YearResult
from jxjy.people.models import Person
from jxjy.proofs.codes import new_code, verify_url
from jxjy.proofs.content import mask_name, proof_payload
from jxjy.proofs.pdf import FONT_PATH, ProofDocument, render_proof_pdf
from jxjy.proofs.tests.reading import embedded_fonts, page_size_mm, pdf_text, qr_texts
from jxjy.rules.models import Requirement

REQUIREMENT = Requirement(
    total_tenths=900, professional_min_tenths=600, public_min_tenths=300, hours_per_credit_tenths=30
)
PERSON = Person(name="欧阳娜娜", id_number="650102198805170028")


def document(results, name="欧阳娜娜", unit="天山区水务有限公司", code=None):
    code = code or new_code()
    payload = proof_payload(
        person=PERSON, results=results, issuer="天山区水务有限公司", issued_on=datetime.date(2026, 3, 9)
    )
    return ProofDocument(
        name=name,
        id_number=payload["id_number"],
        unit=unit,
        payload=payload,
        code=code,
        verify_url=verify_url(code),
    )


def year(year, professional, public, met):
    return YearResult(
        year=year,
        professional_tenths=professional,
        public_tenths=public,
        met=met,
        rule_version=f"{year}-v1",
        requirement=REQUIREMENT,
    )


def test_the_pdf_carries_name_totals_and_verdict_as_text():
    data = render_proof_pdf(document([year(2026, 625, 300, True)]))
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for expected in ("专业技术人员继续教育学时证明", "欧阳娜娜", "天山区水务有限公司", "6501**********0028"):
        assert expected in text
    for expected in ("62.5", "30.0", "92.5", "30.8", "90.0", "达标", "2026-v1", "2026年3月9日"):
        assert expected in text, expected
    assert "650102198805170028" not in text


def test_a_span_of_years_has_one_row_per_year_and_says_which_fell_short():
    data = render_proof_pdf(
        document([year(2024, 600, 300, True), year(2025, 100, 0, False), year(2026, 0, 0, False)])
    )
    text = pdf_text(data)
    assert "2024—2026 年度" in text
    assert "未达标" in text and "3 个年度中，1 个年度达到要求" in text


def test_a_year_without_rules_says_so():
    data = render_proof_pdf(document([YearResult(year=2019, professional_tenths=80)]))
    text = pdf_text(data)
    assert "规则未发布" in text and "8.0" in text


def test_the_qr_code_decodes_to_the_verify_address():
    code = new_code()
    data = render_proof_pdf(document([year(2026, 600, 300, True)], code=code))
    assert qr_texts(data) == [f"https://jxjy.example.gov.cn/verify/{code}"]
    assert code in pdf_text(data)


def test_the_chinese_font_is_embedded_from_the_projects_own_file():
    data = render_proof_pdf(document([year(2026, 600, 300, True)]))
    fonts = embedded_fonts(data)
    assert fonts, "no font on the page"
    for font in fonts:
        assert font["file"] == "/FontFile2", font  # TrueType outlines, inside the file
        assert "WenQuanYi" in font["name"] and font["unicode"], font
    assert FONT_PATH.is_file() and FONT_PATH.stat().st_size < 5 * 1024 * 1024
    assert len(data) < 200 * 1024  # only the glyphs used are embedded


def test_the_page_is_a4():
    assert page_size_mm(render_proof_pdf(document([year(2026, 600, 300, True)]))) == (210, 297)


def test_names_are_masked_keeping_the_surname():
    assert mask_name("王芳") == "王*"
    assert mask_name("马建国") == "马**"
    assert mask_name("欧阳娜娜") == "欧阳**"
    assert mask_name("艾力·买买提") == "艾力·***"
