"""Hours proofs over the API: issue and list a person's proofs, revoke one, and the public
verification of a code (no login: the code printed on the proof is the permission)."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from jxjy.config.api_types import ObjectId, Text
from jxjy.people.selectors import person_visible_to
from jxjy.proofs.codes import pdf_url, verify_url
from jxjy.proofs.models import Proof
from jxjy.proofs.selectors import proof_by_code, proof_visible_to, proofs_of, status_notice, verification
from jxjy.proofs.services import proof_issue, proof_revoke

router = Router(tags=["学时证明 proofs"])
NOT_FOUND = "未找到该证明，请核对验证码"


class ProofIssueIn(Schema, extra="forbid"):
    year: int | None = Field(
        None, ge=2000, le=2100, description="一个年度；或用 from_year 与 to_year 给出跨度"
    )
    from_year: int | None = Field(None, ge=2000, le=2100)
    to_year: int | None = Field(None, ge=2000, le=2100)


class ProofIssuedOut(Schema):
    code: str = Field(..., description="验证码：随机 96 位，Base32 编码 20 个字符")
    url: str = Field(..., description="公开查验页，即证明上二维码的内容")
    pdf_url: str
    pdf_sha256: str
    from_year: int
    to_year: int
    met: bool


class ProofOut(ProofIssuedOut):
    status: str = Field(..., description="valid 有效 / revoked 已撤销 / superseded 已被新证明取代")
    status_label: str
    notice: str
    issuer: str
    issued_at: datetime.datetime
    revoked_at: datetime.datetime | None
    revoked_reason: str
    superseded_by: str | None = Field(None, description="取代它的证明的验证码")


class ProofRevokeIn(Schema, extra="forbid"):
    reason: Text = Field("", max_length=200, description="撤销原因（将在公开查验页显示）")


class ErrorOut(Schema):
    code: str
    message: str
    errors: list


class VerifyYearOut(Schema):
    year: int
    professional: str
    public: str
    total: str
    credits: str | None
    required: str | None
    required_professional: str | None
    required_public: str | None
    met: bool
    met_label: str
    degree_study: bool
    rule_version: str


class VerificationOut(Schema):
    code: str
    status: str
    status_label: str
    notice: str = Field(..., description="已撤销或已被取代时的说明；有效时为空")
    name: str = Field(..., description="姓名（部分打码）")
    id_number: str = Field(..., description="公民身份号码（打码）")
    from_year: int
    to_year: int
    years: list[VerifyYearOut]
    met: bool
    issuer: str
    issued_on: datetime.date
    issued_at: datetime.datetime
    revoked_at: datetime.datetime | None
    pdf_sha256: str = Field(..., description="所签发 PDF 文件的 SHA-256 摘要")
    url: str
    pdf_url: str


def proof_out(proof: Proof) -> dict:
    return {
        "code": proof.code,
        "url": verify_url(proof.code),
        "pdf_url": pdf_url(proof.code),
        "pdf_sha256": proof.pdf_sha256,
        "from_year": proof.from_year,
        "to_year": proof.to_year,
        "met": proof.payload["met"],
        "status": proof.status,
        "status_label": str(proof.get_status_display()),
        "notice": status_notice(proof),
        "issuer": proof.issuer_label,
        "issued_at": proof.issued_at,
        "revoked_at": proof.revoked_at,
        "revoked_reason": proof.revoked_reason,
        "superseded_by": proof.superseded_by.code if proof.superseded_by else None,
    }


@router.post("/people/{int:person_id}/proofs", response={201: ProofIssuedOut})
def issue_proof(request, person_id: ObjectId, payload: ProofIssueIn):
    person = person_visible_to(request.auth, person_id)
    if payload.year is not None and (payload.from_year is not None or payload.to_year is not None):
        raise ValidationError(
            {"year": ValidationError("year 与 from_year/to_year 只能二选一", code="ambiguous")}
        )
    if payload.year is not None:
        from_year = to_year = payload.year
    else:
        from_year, to_year = payload.from_year, payload.to_year
    proof = proof_issue(actor=request.auth, person=person, from_year=from_year, to_year=to_year)
    return Status(201, proof_out(proof))


@router.get("/people/{int:person_id}/proofs", response=list[ProofOut])
def list_proofs(request, person_id: ObjectId):
    person = person_visible_to(request.auth, person_id)
    return [proof_out(proof) for proof in proofs_of(person)]


@router.post("/proofs/{code}/revoke", response=ProofOut)
def revoke_proof(request, code: str, payload: ProofRevokeIn):
    proof = proof_visible_to(request.auth, code)
    proof = proof_revoke(actor=request.auth, proof=proof, reason=payload.reason)
    return proof_out(proof)


@router.get("/verify/{code}", response={200: VerificationOut, 404: ErrorOut}, auth=None)
def verify_proof(request, code: str):
    proof = proof_by_code(code)
    if proof is None:
        return Status(404, {"code": "not_found", "message": NOT_FOUND, "errors": []})
    return verification(proof)
