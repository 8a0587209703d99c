"""The default rule set shipped for a year, from the national rule and common regional practice.

Every number here is only a starting point: the region HR department edits them as data
(PUT /api/v1/rules/{year}, or the rules page), which writes a new version.

Sources:
- 专业技术人员继续教育规定（人社部令第25号，2015）第八条: at least 90 hours a year, professional
  subjects generally at least two thirds (60); 第九条 / regulation art. 13: degree study counts.
- Public subjects at least 30 hours: the remaining third, as most provinces set it.
- 4 hours per half day, 8 per day: the usual conversion in provincial hour-recognition rules.
- Conferences 12 / 8 / 4 by level, a passed course 15, teaching a CE class 3 per hour taught, and
  caps on assessed self-study and distance education: common regional practice, as the issue lists.
"""

import datetime

from jxjy.rules.choices import CountingUnit, StudyForm

F, U = StudyForm, CountingUnit

# (code, form, name, unit, per unit, (national, regional, local), max per day) in hours.
ACTIVITIES = [
    ("training_hours", F.TRAINING_CLASS, "培训班（按实际学时）", U.HOUR, 1, None, 8),
    ("training_half_days", F.TRAINING_CLASS, "培训班（按半天）", U.HALF_DAY, 4, None, None),
    ("further_study_days", F.FURTHER_STUDY, "进修（按天）", U.DAY, 8, None, None),
    ("conference", F.CONFERENCE, "参加学术会议", U.ITEM, 0, (12, 8, 4), None),
    ("conference_paper", F.CONFERENCE, "在学术会议上宣读论文", U.ITEM, 0, (20, 12, 6), None),
    ("lecture_hours", F.CONFERENCE, "学术讲座（按实际学时）", U.HOUR, 1, None, 8),
    ("abroad_days", F.ABROAD, "出国（出境）进修培训（按天）", U.DAY, 8, None, None),
    ("unit_training_hours", F.UNIT_TRAINING, "本单位、本系统培训（按实际学时）", U.HOUR, 1, None, 8),
    ("self_study_course", F.UNIT_TRAINING, "有考核的自学（每通过一门课程）", U.COURSE, 15, None, None),
    ("distance_hours", F.DISTANCE, "远程教育（按课程学时）", U.HOUR, 1, None, 8),
    ("distance_course", F.DISTANCE, "远程教育（每通过一门课程）", U.COURSE, 15, None, None),
    ("paired_assistance_days", F.PAIRED_ASSISTANCE, "对口支援委培（按天）", U.DAY, 8, None, None),
    ("teaching_hours", F.OTHER, "为继续教育授课（每授课1学时计3学时）", U.HOUR, 3, None, 8),
    ("other_hours", F.OTHER, "其他形式（按实际学时）", U.HOUR, 1, None, 8),
    ("degree_year", F.DEGREE, "学历教育或攻读学位（当年视为达标）", U.YEAR, 0, None, None),
]

# Annual caps in hours, for the forms that have one.
CAPS = {F.UNIT_TRAINING: 40, F.DISTANCE: 60}
# Forms whose records may be registered without an uploaded file (the unit organised it itself).
NO_EVIDENCE = {F.UNIT_TRAINING}


def default_document(year: int) -> dict:
    """The default rules of `year`, in the shape `ruleset_publish` takes (hours as decimal strings)."""
    return {
        "forms": [
            {
                "form": form.value,
                "annual_cap": _hours(CAPS[form]) if form in CAPS else None,
                "evidence_required": form not in NO_EVIDENCE,
            }
            for form in StudyForm
        ],
        "activities": [_activity(*row) for row in ACTIVITIES],
        "requirements": [
            {
                "series": "",
                "level": "",
                "total": "90.0",
                "professional_min": "60.0",
                "public_min": "30.0",
                "hours_per_credit": "1.0",
                "degree_counts_as_met": True,
                "registration_deadline": datetime.date(year + 1, 3, 31).isoformat(),
                "makeup_until": datetime.date(year + 1, 12, 31).isoformat(),
            }
        ],
    }


def _activity(code, form, name, unit, per_unit, levels, max_per_day) -> dict:
    national, regional, local = levels or (0, 0, 0)
    return {
        "code": code,
        "form": form.value,
        "name": name,
        "unit": unit.value,
        "per_unit": _hours(per_unit),
        "national": _hours(national),
        "regional": _hours(regional),
        "local": _hours(local),
        "max_per_day": _hours(max_per_day) if max_per_day is not None else None,
    }


def _hours(value: int) -> str:
    return f"{value}.0"
