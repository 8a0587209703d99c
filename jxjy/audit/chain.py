"""The audit chain's arithmetic: a canonical serialisation of an entry and its HMAC.

mac(n) = HMAC-SHA256(key, canonical(entry n including mac(n-1))). The key comes from the environment
(JXJY_AUDIT_KEY) and is never stored in the database, so whoever can edit the database alone cannot
produce a chain that verifies.
"""

import hashlib
import hmac
import json
from datetime import UTC
from typing import Any

from django.conf import settings

GENESIS_MAC = "0" * 64
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "role",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "prev_mac",
)


def canonical(fields: dict[str, Any]) -> bytes:
    """One byte string per entry whatever the database: sorted keys, no spaces, UTF-8, UTC times."""
    payload = {name: fields[name] for name in CHAINED_FIELDS}
    payload["at"] = fields["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_mac(fields: dict[str, Any], key: str | None = None) -> str:
    secret = (key or settings.JXJY_AUDIT_KEY).encode()
    return hmac.new(secret, canonical(fields), hashlib.sha256).hexdigest()
