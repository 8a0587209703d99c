"""What a proof certifies, frozen at issue: the public face of the person (masked) and, per year,
the hours as decimal strings with the requirement and the rule version that counted them."""

import datetime

from jxjy.compliance.evaluation import YearResult
from jxjy.people.id_numbers import mask_id_number
from jxjy.people.models import Person
from jxjy.rules.hours import format_hours


def mask_name(name: str) -> str:
    """王芳 → 王*, 欧阳娜娜 → 欧阳**, 艾力·买买提 → 艾力·***: the surname kept (two characters for
    names of four or more, where compound surnames and transliterated names are common), the rest
    hidden; the middle dot of a transliterated name is kept."""
    name = name.strip()
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "".join("·" if char in "·•." else "*" for char in name[keep:])


def year_row(result: YearResult) -> dict:
    requirement = result.requirement
    return {
        "year": result.year,
        "professional": format_hours(result.professional_tenths),
        "public": format_hours(result.public_tenths),
        "total": format_hours(result.total_tenths),
        "credits": format_hours(result.credits_tenths) if requirement else None,
        "required": format_hours(requirement.total_tenths) if requirement else None,
        "required_professional": format_hours(requirement.professional_min_tenths) if requirement else None,
        "required_public": format_hours(requirement.public_min_tenths) if requirement else None,
        "met": bool(result.met),
        "degree_study": bool(result.degree_study),
        "rule_version": result.rule_version,
    }


def proof_payload(
    *, person: Person, results: list[YearResult], issuer: str, issued_on: datetime.date
) -> dict:
    rows = [year_row(result) for result in results]
    return {
        "name": mask_name(person.name),
        "id_number": mask_id_number(person.id_number),
        "from_year": rows[0]["year"],
        "to_year": rows[-1]["year"],
        "years": rows,
        "met": all(row["met"] for row in rows),
        "issuer": issuer,
        "issued_on": issued_on.isoformat(),
    }
