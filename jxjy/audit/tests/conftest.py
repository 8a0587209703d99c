"""Fixtures for the audit tests: a chain that starts at 1, and a checkpoint file per test."""

import pytest

from jxjy.audit.models import AuditEntry, AuditHead
from jxjy.audit.services import audit_write


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.JXJY_AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    return settings.JXJY_AUDIT_CHECKPOINT_FILE


@pytest.fixture
def audit_head(db):
    # Before platform_base: its regions_load writes an audit entry, and after a transactional test's
    # flush the head row is gone too.
    AuditHead.objects.get_or_create(id=1)


@pytest.fixture
def empty_chain(audit_head, platform_base, checkpoint_file, settings):
    """No entries and the head at 0, so the entries a test writes are numbered from 1 (the session's
    region.load entry would shift them). Checkpoints every 10 entries."""
    settings.JXJY_AUDIT_CHECKPOINT_EVERY = 10
    AuditEntry.objects.all().delete()
    AuditHead.objects.filter(id=1).update(seq=0, mac="")


def write_entries(count: int, *, label: str = "t") -> list[AuditEntry]:
    """Entries with the kinds of values the platform logs: Chinese text, nested JSON, nulls."""
    return [
        audit_write(
            actor=None,
            role="system",
            action="person.update" if n % 3 else "person.create",
            object_type="people.person",
            object_id=f"{label}{n}",
            before=None if n % 3 == 0 else {"name": "王芳", "hours": n},
            after={"name": "王芳", "hours": n + 1, "tags": ["继续教育", n], "note": None},
        )
        for n in range(count)
    ]


@pytest.fixture
def chain(empty_chain, django_capture_on_commit_callbacks):
    """30 committed entries, with the checkpoints at 10, 20 and 30 written as after a real commit."""
    with django_capture_on_commit_callbacks(execute=True):
        entries = write_entries(30)
    return entries
