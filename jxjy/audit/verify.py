"""Checking the whole audit chain: each entry's HMAC, its link to the entry before, the gapless
sequence, the head row, and the checkpoints kept outside the database. The first problem is named.

The order of the reads matters on a live database. A checkpoint is written only after its entry has
committed, and an entry commits together with the head row, so reading the checkpoints, then the
head, then the entries means everything the first two name is among the entries read. The head is
read once more at the end, to see that no entry lies beyond it.
"""

import hmac
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from jxjy.audit.chain import CHAINED_FIELDS, GENESIS_MAC, compute_mac
from jxjy.audit.checkpoints import Checkpoint, read_checkpoints
from jxjy.audit.choices import ChainProblem
from jxjy.audit.models import AuditEntry, AuditHead

# Rows fetched per round trip; memory stays constant however long the log grows.
CHUNK_SIZE = 2000
MAC_PATTERN = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries_checked: int
    checkpoints_checked: int = 0
    problem: str = ""  # a ChainProblem value; empty when ok
    seq: int | None = None  # the first bad entry, where one can be named
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def verify_chain(
    key: str | None = None,
    checkpoints: Iterable[Checkpoint] | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> VerifyReport:
    """Walk every entry in sequence order and stop at the first thing that is not as written."""
    if checkpoints is None:
        try:
            checkpoints = read_checkpoints()
        except (OSError, ValueError, KeyError, TypeError) as error:
            return _unreadable(f"{type(error).__name__}: {error}")
    checkpoints = list(checkpoints)
    malformed = [c for c in checkpoints if c.seq < 1 or not MAC_PATTERN.fullmatch(c.mac)]
    if malformed:
        return _unreadable(f"无效的检查点 seq={malformed[0].seq} mac={malformed[0].mac!r}")

    walk = _Walk(key=key, checkpoints=checkpoints, head=_read_head())
    entries = AuditEntry.objects.order_by("seq", "id").values(*CHAINED_FIELDS, "mac")
    for entry in entries.iterator(chunk_size=chunk_size):
        problem = walk.step(entry)
        if problem is not None:
            return problem
    return walk.finish(head_after=_read_head())


def _read_head() -> tuple[int, str] | None:
    return AuditHead.objects.filter(id=1).values_list("seq", "mac").first()


def _same(a: str, b: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII text, and a tampered row may hold some.
    return hmac.compare_digest(str(a).encode(), str(b).encode())


def _unreadable(detail: str) -> VerifyReport:
    return _failure(ChainProblem.CHECKPOINT_UNREADABLE, None, 0, 0, detail)


def _failure(problem: ChainProblem, seq: int | None, checked: int, checkpoints: int, detail: str):
    return VerifyReport(
        ok=False,
        entries_checked=checked,
        checkpoints_checked=checkpoints,
        problem=problem.value,
        seq=seq,
        message=f"{problem.label}（{problem.value}）：{detail}",
    )


class _Walk:
    """The state carried from one entry to the next: only the last entry's number and mac, so the
    walk needs the same memory for ten entries or ten million."""

    def __init__(self, *, key: str | None, checkpoints: list[Checkpoint], head: tuple[int, str] | None):
        self.key = key
        self.pending = deque(sorted(checkpoints, key=lambda checkpoint: checkpoint.seq))
        self.head = head
        self.last_seq = 0
        self.last_mac = GENESIS_MAC
        self.last_good_checkpoint = 0
        self.checkpoints_checked = 0

    def fail(self, problem: ChainProblem, seq: int | None, detail: str) -> VerifyReport:
        return _failure(problem, seq, self.last_seq, self.checkpoints_checked, detail)

    def step(self, entry: dict[str, Any]) -> VerifyReport | None:
        seq, expected = entry["seq"], self.last_seq + 1
        if seq > expected:
            span = f"第 {expected} 条" if seq == expected + 1 else f"第 {expected} 至 {seq - 1} 条"
            detail = f"{span}不存在（序号从 {self.last_seq} 跳到 {seq}）。"
            return self.fail(ChainProblem.MISSING, expected, detail)
        if seq < expected:
            return self.fail(ChainProblem.REORDERED, seq, f"序号 {seq} 重复或不在应有的位置。")
        # The link is checked before the mac: a row moved to another place (its seq or its content
        # swapped with another row's) no longer follows the one before it, and that is what happened
        # to it; an edit in place leaves the link alone and only the mac fails.
        if not _same(entry["prev_mac"], self.last_mac):
            return self.fail(
                ChainProblem.REORDERED,
                seq,
                f"第 {seq} 条不接续第 {self.last_seq} 条（prev_mac 不符）："
                f"记录被调换、替换，或其前有记录被删除后重新编号。",
            )
        if not _same(compute_mac(entry, self.key), entry["mac"]):
            return self.fail(ChainProblem.EDITED, seq, f"第 {seq} 条的内容与其 HMAC 不符。")
        problem = self._against_checkpoints(seq, entry["mac"]) or self._against_head(seq, entry["mac"])
        if problem is not None:
            return problem
        self.last_seq, self.last_mac = seq, entry["mac"]
        return None

    def _against_checkpoints(self, seq: int, mac: str) -> VerifyReport | None:
        while self.pending and self.pending[0].seq == seq:
            if not _same(self.pending.popleft().mac, mac):
                return self.fail(
                    ChainProblem.CHECKPOINT_MISMATCH,
                    seq,
                    f"第 {seq} 条的 HMAC 与检查点记下的不同：链在第 {self.last_good_checkpoint + 1} 至 "
                    f"{seq} 条之间的某条起被重写。",
                )
            self.checkpoints_checked += 1
            self.last_good_checkpoint = seq
        return None

    def _against_head(self, seq: int, mac: str) -> VerifyReport | None:
        if self.head is not None and self.head[0] == seq and not _same(self.head[1], mac):
            return self.fail(ChainProblem.HEAD_MISMATCH, seq, f"链头记下的第 {seq} 条 HMAC 与该条不同。")
        return None

    def finish(self, *, head_after: tuple[int, str] | None) -> VerifyReport:
        """After the last entry: nothing the head or a checkpoint has seen may be missing, and no
        entry may lie beyond the head."""
        last = self.last_seq
        claims = [(checkpoint.seq, "检查点") for checkpoint in self.pending]
        if self.head is not None:
            claims.append((self.head[0], "链头"))
        claimed, source = max(claims, default=(0, ""))
        if claimed > last:
            return self.fail(
                ChainProblem.TRUNCATED,
                last + 1,
                f"最后一条为第 {last} 条，但{source}已记到第 {claimed} 条：至少缺失 {claimed - last} 条"
                f"（自第 {last + 1} 条起）。",
            )
        if self.head is None or head_after is None:
            return self.fail(ChainProblem.HEAD_MISMATCH, None, "链头记录（AuditHead id=1）不存在。")
        head_seq, head_mac = head_after
        if head_seq < last:
            detail = f"链头停在第 {head_seq} 条，其后还有记录到第 {last} 条。"
            return self.fail(ChainProblem.HEAD_MISMATCH, head_seq + 1, detail)
        if head_seq == last and last > 0 and not _same(head_mac, self.last_mac):
            return self.fail(ChainProblem.HEAD_MISMATCH, last, f"链头记下的第 {last} 条 HMAC 与该条不同。")
        return VerifyReport(
            ok=True,
            entries_checked=last,
            checkpoints_checked=self.checkpoints_checked,
            message=f"审计链完整（ok）：共 {last} 条，{self.checkpoints_checked} 个检查点相符。",
        )
