"""Checkpoints of the audit chain, kept outside the database.

Every JXJY_AUDIT_CHECKPOINT_EVERY entries the head (sequence, mac) is appended to a file. Someone who
cuts the newest entries off the database, or rewrites the chain from some entry on, cannot make the
checkpoints already written agree with it.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from jxjy.audit.models import AuditHead


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    mac: str


def checkpoint_path() -> Path:
    return Path(settings.JXJY_AUDIT_CHECKPOINT_FILE)


def write_checkpoint(seq: int, mac: str) -> None:
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"seq": seq, "mac": mac, "written_at": timezone.now().isoformat()}) + "\n"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def checkpoint_head() -> Checkpoint | None:
    """Write the current head as a checkpoint now (cron, or before a backup); None on an empty chain.

    The head row is read as committed, so its entry is already in the database; the entry is not
    checked here (that is audit_verify's job), and an earlier checkpoint still catches a head that
    was rolled back."""
    head = AuditHead.objects.filter(id=1).values_list("seq", "mac").first()
    if head is None or head[0] == 0:
        return None
    write_checkpoint(head[0], head[1])
    return Checkpoint(seq=head[0], mac=head[1])


def read_checkpoints() -> list[Checkpoint]:
    path = checkpoint_path()
    if not path.exists():
        return []
    checkpoints = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                checkpoints.append(Checkpoint(seq=int(record["seq"]), mac=str(record["mac"])))
    return checkpoints
