"""audit_write: numbers without gaps, one chain however many writers, checkpoints only for what
committed."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection, transaction

from jxjy.audit.checkpoints import read_checkpoints
from jxjy.audit.models import AuditEntry, AuditHead
from jxjy.audit.services import audit_write
from jxjy.audit.tests.concurrent_writers import write_concurrently
from jxjy.audit.tests.conftest import write_entries
from jxjy.audit.verify import verify_chain


def test_entries_are_numbered_and_linked(empty_chain):
    entries = write_entries(3)

    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].prev_mac == entries[0].mac and entries[2].prev_mac == entries[1].mac
    assert AuditHead.objects.values_list("seq", "mac").get(id=1) == (3, entries[2].mac)


def test_checkpoints_every_n_entries_only_after_commit(
    empty_chain, checkpoint_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        entries = write_entries(25)
        assert not checkpoint_file.exists()  # nothing before the commit

    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert [(c.seq, c.mac) for c in read_checkpoints()] == [(10, entries[9].mac), (20, entries[19].mac)]


def test_rolled_back_entries_write_no_checkpoint(
    empty_chain, checkpoint_file, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        write_entries(12, label="lost")
        raise RuntimeError("the service failed after writing")

    assert callbacks == []
    assert not checkpoint_file.exists()
    assert AuditEntry.objects.count() == 0 and AuditHead.objects.get(id=1).seq == 0

    # The numbers were not used up: the next writer gets 1..10, and the checkpoint is its entry 10.
    with django_capture_on_commit_callbacks(execute=True):
        entries = write_entries(10)
    assert [(c.seq, c.mac) for c in read_checkpoints()] == [(10, entries[9].mac)]
    assert verify_chain().ok


@pytest.mark.parametrize(
    "value",
    [0.1, 5.0, -0.0, 1e-7, 1e16, 1e20, 1.5e300, -2.5e17, 2**70, "1e20", {"hours": [1.0, 2.5e16, None]}],
)
def test_numbers_read_back_as_written(empty_chain, value):
    # jsonb on PostgreSQL prints 1e20 back as an integer; the mac must not depend on that.
    entry = audit_write(actor=None, role="system", action="test.numbers", object_type="t", after={"v": value})

    assert AuditEntry.objects.get(seq=1).after == entry.after
    assert verify_chain(checkpoints=[]).ok


@pytest.mark.django_db(transaction=True)
def test_checkpoint_that_cannot_be_written_does_not_fail_the_change(empty_chain, monkeypatch, caplog):
    def disk_full(seq, mac):
        raise OSError("No space left on device")

    monkeypatch.setattr("jxjy.audit.services.write_checkpoint", disk_full)

    with transaction.atomic():
        write_entries(10)  # the 10th queues a checkpoint

    assert AuditEntry.objects.count() == 10
    assert "No space left on device" in caplog.text
    assert verify_chain(checkpoints=[]).ok


WRITERS = 4
ENTRIES_EACH = 25
TOTAL = WRITERS * ENTRIES_EACH


def assert_numbers_handed_out_once(written: dict, errors: list[str]) -> None:
    assert errors == []
    assert sorted(seq for numbers in written.values() for seq in numbers) == list(range(1, TOTAL + 1))
    # Each writer got increasing numbers: nobody was handed a place behind one already taken.
    assert all(numbers == sorted(numbers) for numbers in written.values())


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_one_gapless_chain(empty_chain, checkpoint_file):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "the SQLite test database is in memory with a shared cache, whose table locks fail at once "
            "instead of waiting; test_concurrent_writers_on_a_sqlite_file covers SQLite"
        )

    written, errors = write_concurrently(WRITERS, ENTRIES_EACH)

    assert_numbers_handed_out_once(written, errors)
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, TOTAL + 1))
    assert [c.seq for c in read_checkpoints()] == list(range(10, TOTAL + 1, 10))
    report = verify_chain()
    assert report.ok, report.message
    assert (report.entries_checked, report.checkpoints_checked) == (TOTAL, TOTAL // 10)


def test_concurrent_writers_on_a_sqlite_file(tmp_path):
    """The production SQLite set-up (a file, WAL, IMMEDIATE transactions, 20 s busy timeout), in
    processes of its own: whatever database this test run uses."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jxjy.config.settings.base",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
        "JXJY_DATA_DIR": str(tmp_path),
        "JXJY_AUDIT_CHECKPOINT_FILE": str(tmp_path / "checkpoints.jsonl"),
        "JXJY_AUDIT_CHECKPOINT_EVERY": "10",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, *args]
        return subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)

    assert run("manage.py", "migrate", "-v0").returncode == 0
    writers = run("-m", "jxjy.audit.tests.concurrent_writers", str(WRITERS), str(ENTRIES_EACH))
    assert writers.returncode == 0, writers.stderr
    result = json.loads(writers.stdout)
    verified = run("manage.py", "audit_verify", "--json")

    assert_numbers_handed_out_once(result["written"], result["errors"])
    # audit_verify reads the database: entries 1..TOTAL without a gap, linked, and nothing past the head.
    assert verified.returncode == 0, verified.stdout + verified.stderr
    report = json.loads(verified.stdout)
    assert (report["entries_checked"], report["checkpoints_checked"]) == (TOTAL, TOTAL // 10)
