from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jxjy.people.models import Person
from jxjy.people.selectors import person_visible_to
from jxjy.proofs.codes import normalize_code
from jxjy.proofs.forms import ProofIssueForm, ProofRevokeForm, VerifyCodeForm
from jxjy.proofs.models import Proof
from jxjy.proofs.selectors import proof_by_code, proof_visible_to, verification
from jxjy.proofs.services import proof_issue, proof_revoke
from jxjy.proofs.storage import read_pdf

NOT_FOUND = "未找到该证明，请核对验证码"


@login_required
@require_POST
def proof_issue_view(request, person_id: int):
    try:
        person = person_visible_to(request.user, person_id)
    except Person.DoesNotExist:
        raise Http404("人员不存在") from None
    form = ProofIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(" ".join(errors) for errors in form.errors.values()))
        return redirect("people:detail", person_id=person.pk)
    data = form.cleaned_data
    try:
        proof = proof_issue(
            actor=request.user, person=person, from_year=data["from_year"], to_year=data["to_year"]
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已开具 {proof.years_label} 年度学时证明，验证码 {proof.code}")
    return redirect("people:detail", person_id=person.pk)


@login_required
@require_POST
def proof_revoke_view(request, code: str):
    try:
        proof = proof_visible_to(request.user, code)
    except Proof.DoesNotExist:
        raise Http404(NOT_FOUND) from None
    form = ProofRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤销原因（不超过 200 字）")
        return redirect("people:detail", person_id=proof.person_id)
    try:
        proof_revoke(actor=request.user, proof=proof, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已撤销学时证明 {proof.code}")
    return redirect("people:detail", person_id=proof.person_id)


def verify_form(request):
    """Public: type the code printed on a proof."""
    form = VerifyCodeForm(request.GET or None)
    if form.is_valid():
        code = normalize_code(form.cleaned_data["code"])
        if code:
            return redirect("proofs:verify", code=code)
        form.add_error("code", NOT_FOUND)
    return render(request, "proofs/verify_form.html", {"form": form})


def verify(request, code: str):
    """Public: what a proof certified, as issued, and whether it still stands."""
    proof = proof_by_code(code)
    if proof is None:
        return render(request, "proofs/not_found.html", {"code": code[:40]}, status=404)
    response = render(request, "proofs/verify.html", {"proof": verification(proof)})
    response["X-Robots-Tag"] = "noindex"
    return response


def proof_pdf(request, code: str):
    """Public to whoever holds the code (it is printed on the proof): the bytes issued, not a re-render."""
    proof = proof_by_code(code)
    if proof is None:
        return render(request, "proofs/not_found.html", {"code": code[:40]}, status=404)
    response = HttpResponse(read_pdf(proof.pdf_name, proof.pdf_sha256), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="proof-{proof.code}.pdf"'
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
