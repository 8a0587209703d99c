"""audit_verify and audit_checkpoint as cron and backup scripts call them."""

import io
import json

import pytest
from django.core.management import call_command

from jxjy.audit.checkpoints import read_checkpoints
from jxjy.audit.models import AuditEntry, AuditHead
from jxjy.audit.tests.conftest import write_entries


def run(*args: str) -> tuple[int, str]:
    """(exit code, stdout) of a command."""
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_verify_whole_chain_exits_zero(chain):
    code, out = run("audit_verify")

    assert code == 0
    assert out.count("\n") == 1
    assert "ok" in out and "共 30 条" in out and "3 个检查点" in out


def test_verify_json_whole_chain(chain):
    code, out = run("audit_verify", "--json")

    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True
    assert (report["entries_checked"], report["checkpoints_checked"]) == (30, 3)


def test_verify_edited_chain_exits_one_naming_the_entry(chain):
    AuditEntry.objects.filter(seq=17).update(action="person.delete")

    code, out = run("audit_verify")

    assert code == 1
    assert out.count("\n") == 1
    assert "edited" in out and "第 17 条" in out and "已校验 16 条" in out


def test_verify_json_reports_first_problem(chain):
    AuditEntry.objects.filter(seq=4).delete()

    code, out = run("audit_verify", "--json")

    assert code == 1
    report = json.loads(out)
    assert (report["ok"], report["problem"], report["seq"]) == (False, "missing", 4)
    assert "missing" in report["message"]


def test_checkpoint_command_writes_current_head(chain):
    with_checkpoint_every_ten = len(read_checkpoints())
    write_entries(3)  # 31-33: past the last periodic checkpoint

    code, out = run("audit_checkpoint")

    assert code == 0 and "seq=33" in out
    checkpoints = read_checkpoints()
    assert len(checkpoints) == with_checkpoint_every_ten + 1
    assert (checkpoints[-1].seq, checkpoints[-1].mac) == (33, AuditHead.objects.get(id=1).mac)
    # The new checkpoint now guards entries 31-33 against a cut tail.
    AuditEntry.objects.filter(seq__gt=30).delete()
    AuditHead.objects.filter(id=1).update(seq=30, mac=AuditEntry.objects.get(seq=30).mac)
    code, out = run("audit_verify", "--json")
    assert code == 1 and json.loads(out)["problem"] == "truncated"


def test_checkpoint_command_on_empty_chain_writes_nothing(empty_chain, checkpoint_file):
    code, out = run("audit_checkpoint")

    assert code == 0 and "empty" in out
    assert not checkpoint_file.exists()


@pytest.mark.parametrize("args", [(), ("--json",)])
def test_verify_fails_without_the_head_row(chain, args):
    AuditHead.objects.all().delete()

    code, _ = run("audit_verify", *args)

    assert code == 1
