"""verify_chain: a whole chain passes, and each way someone with database access (but without the
key) can tamper with it is named at the first entry it touches."""

from datetime import timedelta

import pytest
from django.db.models import F

from jxjy.audit.chain import GENESIS_MAC, compute_mac
from jxjy.audit.checkpoints import read_checkpoints
from jxjy.audit.models import AuditEntry, AuditHead
from jxjy.audit.verify import verify_chain

# Everything in a row but its identity: what "swapping two rows' contents" moves.
CONTENT = [f.attname for f in AuditEntry._meta.concrete_fields if f.attname not in ("id", "seq")]


def entry(seq: int) -> AuditEntry:
    return AuditEntry.objects.get(seq=seq)


def roll_head_back_to(seq: int) -> None:
    AuditHead.objects.filter(id=1).update(seq=seq, mac=entry(seq).mac)


def rechain_from(seq: int, *, key: str) -> None:
    """What an attacker with the database (and some key) does to cover an edit: recompute every mac
    from `seq` on, each over the one before, and move the head."""
    prev_mac = entry(seq - 1).mac if seq > 1 else GENESIS_MAC
    for row in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        row.prev_mac = prev_mac
        row.mac = prev_mac = compute_mac(row.__dict__, key=key)
        row.save(update_fields=["prev_mac", "mac"])
    AuditHead.objects.filter(id=1).update(mac=prev_mac)


def test_whole_chain_verifies_with_its_checkpoints(chain):
    assert [c.seq for c in read_checkpoints()] == [10, 20, 30]

    report = verify_chain(chunk_size=7)  # chunks that do not divide the chain

    assert report.ok, report.message
    assert (report.entries_checked, report.checkpoints_checked) == (30, 3)
    assert report.problem == "" and report.seq is None


def test_empty_chain_verifies(empty_chain):
    report = verify_chain()
    assert report.ok and report.entries_checked == 0


def test_edited_entry_is_named(chain):
    AuditEntry.objects.filter(seq=17).update(after={"name": "王芳", "hours": 999})

    report = verify_chain()

    assert not report.ok
    assert (report.problem, report.seq, report.entries_checked) == ("edited", 17, 16)
    assert "第 17 条" in report.message and "edited" in report.message


@pytest.mark.parametrize(
    "field, value",
    [
        ("at", F("at") + timedelta(seconds=1)),
        ("actor_id", 42),
        ("actor_username", "admin"),
        ("role", "platform_admin"),
        ("action", "person.delete"),
        ("object_type", "access.user"),
        ("object_id", "other"),
        ("object_repr", "张伟"),
        ("before", None),
        ("mac", "f" * 64),
    ],
)
def test_every_chained_field_is_covered(chain, field, value):
    AuditEntry.objects.filter(seq=5).update(**{field: value})

    report = verify_chain()

    assert (report.problem, report.seq) == ("edited", 5)


@pytest.mark.parametrize("seq", [1, 12, 29])
def test_deleted_entry_is_named_missing(chain, seq):
    AuditEntry.objects.filter(seq=seq).delete()

    report = verify_chain()

    assert (report.problem, report.seq, report.entries_checked) == ("missing", seq, seq - 1)
    assert f"第 {seq} 条" in report.message


def test_deleted_entry_renumbered_over_is_named(chain):
    # Closing the gap: every later row takes the number before it, the head follows.
    AuditEntry.objects.filter(seq=12).delete()
    for row in AuditEntry.objects.filter(seq__gt=12).order_by("seq"):
        AuditEntry.objects.filter(pk=row.pk).update(seq=row.seq - 1)
    roll_head_back_to(29)

    report = verify_chain(checkpoints=[])

    assert (report.problem, report.seq) == ("reordered", 12)


@pytest.mark.parametrize("first, second", [(5, 20), (8, 9)])
def test_swapped_sequence_numbers_name_the_first(chain, first, second):
    # Each row keeps its content and mac; only its place in the order changes.
    AuditEntry.objects.filter(seq=first).update(seq=-1)
    AuditEntry.objects.filter(seq=second).update(seq=first)
    AuditEntry.objects.filter(seq=-1).update(seq=second)

    report = verify_chain()

    assert (report.problem, report.seq, report.entries_checked) == ("reordered", first, first - 1)


@pytest.mark.parametrize("first, second", [(5, 20), (8, 9)])
def test_swapped_contents_name_the_first(chain, first, second):
    # The numbers stay where they were; everything else, macs included, changes places.
    a = AuditEntry.objects.filter(seq=first).values(*CONTENT).get()
    b = AuditEntry.objects.filter(seq=second).values(*CONTENT).get()
    AuditEntry.objects.filter(seq=first).update(**b)
    AuditEntry.objects.filter(seq=second).update(**a)

    report = verify_chain()

    assert (report.problem, report.seq, report.entries_checked) == ("reordered", first, first - 1)


@pytest.mark.parametrize("cut", [1, 3, 8, 30])
def test_cut_tail_with_head_rolled_back_is_caught_by_checkpoint(chain, cut):
    AuditEntry.objects.filter(seq__gt=30 - cut).delete()
    if cut < 30:
        roll_head_back_to(30 - cut)
    else:
        AuditHead.objects.filter(id=1).update(seq=0, mac="")
    assert verify_chain(checkpoints=[]).ok  # the database alone now looks whole

    report = verify_chain()

    assert (report.problem, report.seq) == ("truncated", 31 - cut)
    assert f"至少缺失 {cut} 条" in report.message and "检查点" in report.message


def test_cut_tail_with_head_left_is_caught_by_head(chain):
    AuditEntry.objects.filter(seq__gt=26).delete()

    report = verify_chain(checkpoints=[])

    assert (report.problem, report.seq) == ("truncated", 27)
    assert "至少缺失 4 条" in report.message and "链头" in report.message


def test_head_behind_last_entry_is_named(chain):
    roll_head_back_to(26)

    report = verify_chain()

    assert (report.problem, report.seq) == ("head_mismatch", 27)


def test_head_mac_differs_from_last_entry(chain):
    AuditHead.objects.filter(id=1).update(mac="e" * 64)

    report = verify_chain()

    assert (report.problem, report.seq) == ("head_mismatch", 30)


def test_missing_head_row_is_reported(chain):
    AuditHead.objects.all().delete()

    report = verify_chain()

    assert report.problem == "head_mismatch" and "AuditHead" in report.message


def test_chain_forged_with_another_key_is_detected(chain):
    AuditEntry.objects.filter(seq=12).update(after={"name": "王芳", "hours": 999})
    rechain_from(1, key="guessed-key")
    assert verify_chain(key="guessed-key", checkpoints=[]).ok  # the forgery is consistent in itself

    report = verify_chain(checkpoints=[])

    assert (report.problem, report.seq) == ("edited", 1)


def test_chain_rewritten_from_an_entry_is_named_there(chain):
    AuditEntry.objects.filter(seq=12).update(after={"name": "王芳", "hours": 999})
    rechain_from(12, key="guessed-key")

    report = verify_chain(checkpoints=[])

    assert (report.problem, report.seq) == ("edited", 12)


def test_chain_rewritten_with_the_real_key_is_caught_by_checkpoint(chain, settings):
    # Even whoever holds the key cannot change what the checkpoints outside the database recorded.
    AuditEntry.objects.filter(seq=12).update(after={"name": "王芳", "hours": 999})
    rechain_from(12, key=settings.JXJY_AUDIT_KEY)
    assert verify_chain(checkpoints=[]).ok

    report = verify_chain()

    assert (report.problem, report.seq, report.checkpoints_checked) == ("checkpoint_mismatch", 20, 1)
    assert "第 11 至 20 条" in report.message


@pytest.mark.parametrize("line", ["not json\n", '{"seq": 10}\n', '{"seq": 0, "mac": "' + "0" * 64 + '"}\n'])
def test_unreadable_checkpoint_file_fails(chain, checkpoint_file, line):
    with open(checkpoint_file, "a", encoding="utf-8") as handle:
        handle.write(line)

    report = verify_chain()

    assert not report.ok and report.problem == "checkpoint_unreadable"
