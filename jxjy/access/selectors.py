"""What each role's home page shows: counts and places, all through the scoping layer."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from jxjy.access.choices import Role
from jxjy.organizations.choices import OrgKind
from jxjy.organizations.selectors import OrganizationFilters, organizations_visible_to
from jxjy.people.selectors import people_visible_to
from jxjy.records.selectors import professional_year, waiting_count


@dataclass
class HomeSection:
    role: str
    title: str
    place: str = ""
    facts: list[tuple[str, int | str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    year: object = None  # a professional's year: progress, latest records, next steps


def home_sections(user) -> list[HomeSection]:
    people_url = reverse("people:list")
    orgs_url = reverse("organizations:list")
    sections = []
    for assignment in user.roles.select_related("organization", "region").order_by("id"):
        section = HomeSection(role=assignment.role, title=assignment.get_role_display())
        if assignment.role == Role.PROFESSIONAL and user.person_id:
            person = user.person
            section.place = (
                person.unit.name if person.unit else (person.file_agency.name if person.file_agency else "")
            )
            section.facts = [
                ("职称系列", person.get_series_display()),
                ("职称级别", person.get_level_display()),
                ("在职状态", "在职" if person.in_service else "不在职"),
            ]
            section.links = [
                ("申报学习记录", reverse("records:create")),
                ("我的学习记录", reverse("records:list")),
                ("我的信息", reverse("people:detail", args=[person.pk])),
            ]
            section.year = professional_year(person, timezone.localdate().year)
        elif assignment.organization_id and assignment.role != Role.HR_OFFICER:
            org = assignment.organization
            section.place = org.name
            if assignment.role in (Role.UNIT_OFFICER, Role.AGENCY_CLERK):
                waiting = waiting_count(user)
                section.links = [(f"待登记记录 {waiting} 条", reverse("records:list"))]
            if assignment.role == Role.UNIT_OFFICER:
                section.facts = [("本单位专业技术人员", people_visible_to(user).filter(unit=org).count())]
                section.links += [
                    ("本单位人员", f"{people_url}?unit={org.pk}"),
                    ("本单位达标情况", reverse("compliance:list")),
                    ("新增人员", reverse("people:create")),
                    ("批量导入人员", reverse("imports:people")),
                    ("单位信息", reverse("organizations:detail", args=[org.pk])),
                ]
            elif assignment.role == Role.AGENCY_CLERK:
                section.facts = [("代理档案人员", people_visible_to(user).filter(file_agency=org).count())]
                section.links += [
                    ("档案代理人员", people_url),
                    ("机构信息", reverse("organizations:detail", args=[org.pk])),
                ]
            else:
                section.facts = [("本基地颁发的学习记录", org.issued_records.count())]
                section.links = [
                    ("颁发学习记录", reverse("records:issue")),
                    ("批量导入学习记录", reverse("imports:records")),
                    ("已颁发记录", reverse("records:list")),
                    ("基地信息", reverse("organizations:detail", args=[org.pk])),
                ]
        elif assignment.region_id:
            section.place = assignment.region.name + (
                f" · {assignment.get_industry_display()}" if assignment.industry else ""
            )
            # Counts over everything the login may see (for the usual single-role login: this place).
            section.facts = [
                ("用人单位", organizations_visible_to(user, OrganizationFilters(kind=OrgKind.UNIT)).count()),
                ("专业技术人员", people_visible_to(user).count()),
            ]
            section.links = [
                ("达标情况", reverse("compliance:list")),
                ("人员", people_url),
                ("机构", orgs_url),
                ("新增机构", reverse("organizations:create")),
            ]
        elif assignment.role == Role.PLATFORM_ADMIN:
            section.facts = [
                ("机构", organizations_visible_to(user).count()),
                ("人员", people_visible_to(user).count()),
            ]
            section.links = [("人员", people_url), ("机构", orgs_url), ("行政区划", reverse("regions:list"))]
        sections.append(section)
    return sections
