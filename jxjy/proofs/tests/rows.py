"""A proof row written straight to the table (no PDF, no rules needed): for scope tests elsewhere."""

from django.utils import timezone

from jxjy.proofs.codes import new_code
from jxjy.proofs.models import Proof


def proof_row(person, **fields) -> Proof:
    from jxjy.access.models import User

    issuer, _created = User.objects.get_or_create(username="proof-row-issuer")
    year = timezone.localdate().year
    values = {
        "code": new_code(),
        "person": person,
        "from_year": year,
        "to_year": year,
        "issued_by": issuer,
        "issuer_role": "platform_admin",
        "issuer_label": "继续教育公共信息综合服务平台",
        "issued_at": timezone.now(),
        "payload": {
            "name": "",
            "id_number": "",
            "from_year": year,
            "to_year": year,
            "years": [],
            "met": False,
        },
        "pdf_name": f"missing/{new_code()}.pdf",
        "pdf_sha256": "0" * 64,
        "pdf_size": 0,
    }
    return Proof.objects.create(**(values | fields))
