"""Building study records in tests through the real services."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from jxjy.records.services import record_register, record_submit


def claim(**overrides) -> dict:
    """A training class of 8 hours, professional, finished last week (or early in the year)."""
    end = overrides.pop("end_date", None) or _recent_day()
    data = {
        "form": "training_class",
        "activity": "training_hours",
        "subject_kind": "professional",
        "title": "水利工程质量管理培训班",
        "organiser": "自治区水利学会",
        "start_date": end,
        "end_date": end,
        "quantity_tenths": 80,
        "certificate_number": "",
    }
    data.update(overrides)
    data.setdefault("start_date", end)
    return data


def png_file(name: str = "证书.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def registered(person_user, registrar_user, **overrides):
    """Submit as the professional with a PNG proof, then register as the registrar."""
    record = record_submit(
        actor=person_user, person=person_user.person, data=claim(**overrides), files=[png_file()]
    )
    return record_register(actor=registrar_user, record=record, confirm_flags=True)


def _recent_day() -> datetime.date:
    today = timezone.localdate()
    day = today - datetime.timedelta(days=7)
    return day if day.year == today.year else today


def record_row(person, **fields):
    """A submitted record written straight to the table (no rules needed): for scope tests."""
    from jxjy.records.models import LearningRecord

    day = _recent_day()
    values = {
        "person": person,
        "year": day.year,
        "form": "training_class",
        "activity": "training_hours",
        "counting_unit": "hour",
        "subject_kind": "professional",
        "title": f"{person.name}的培训",
        "organiser": "某培训机构",
        "start_date": day,
        "end_date": day,
        "quantity_tenths": 80,
        "claimed_tenths": 80,
        "issuer_key": "某培训机构",
        "registrar": person.unit or person.file_agency,
        "source": "self_reported",
        "status": "submitted",
        "submitted_at": timezone.now(),
    }
    return LearningRecord.objects.create(**(values | fields))
