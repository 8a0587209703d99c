"""Writing the audit log. Every service that changes state calls `audit_write` inside its own
transaction, so the change and its entry are committed together or not at all."""

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from jxjy.audit.chain import GENESIS_MAC, compute_mac
from jxjy.audit.checkpoints import write_checkpoint
from jxjy.audit.models import AuditEntry, AuditHead
from jxjy.audit.snapshot import to_json_value


def audit_write(
    *,
    actor,
    role: str,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        # The UPDATE takes the head row's lock (PostgreSQL) or the write lock (SQLite) before anything
        # is read: concurrent writers queue here, so each gets the next number and the current head.
        AuditHead.objects.filter(id=1).update(seq=F("seq") + 1)
        head = AuditHead.objects.select_for_update().get(id=1)
        fields = {
            "seq": head.seq,
            "at": timezone.now(),
            "actor_id": actor.pk if actor is not None else None,
            "actor_username": actor.get_username() if actor is not None else "",
            "role": role,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": str(obj)[:200] if obj is not None else "",
            "before": to_json_value(before),
            "after": to_json_value(after),
            "prev_mac": head.mac or GENESIS_MAC,
        }
        mac = compute_mac(fields)
        entry = AuditEntry.objects.create(**fields, mac=mac)
        AuditHead.objects.filter(id=1).update(mac=mac)
        if head.seq % settings.JXJY_AUDIT_CHECKPOINT_EVERY == 0:
            # robust: the change has committed by now, so a checkpoint that cannot be written (disk
            # full) is logged rather than turned into an error for an action that took place.
            transaction.on_commit(lambda: write_checkpoint(head.seq, mac), robust=True)
    return entry
