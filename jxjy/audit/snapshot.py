"""Turning model instances into the JSON stored in an audit entry's before/after."""

import json
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


def to_json_value(value: Any) -> Any:
    """The value as it will read back from any database's JSON column (dates and decimals as strings).
    The audit chain's mac is computed over this and checked over what is read back, so the two must
    be equal."""
    return _as_read_back(json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)))


def _as_read_back(value: Any) -> Any:
    # PostgreSQL's jsonb keeps numbers as `numeric` and prints them without an exponent and without a
    # sign on zero: a float Python writes as 1e+20 reads back as the integer 100000000000000000000,
    # and -0.0 as 0.0.
    if isinstance(value, float):
        if value == 0:
            return 0.0
        if value.is_integer() and "e" in repr(value):
            return int(Decimal(repr(value)))
        return value
    if isinstance(value, dict):
        return {key: _as_read_back(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_read_back(item) for item in value]
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The instance's concrete fields (foreign keys as ids), ready for an audit entry."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name == "password":  # a hash, but still nothing for the log
            continue
        data[field.attname] = field.value_from_object(instance)
    return to_json_value(data)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only what changed, so an entry says what the edit was rather than restating the whole row."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}
