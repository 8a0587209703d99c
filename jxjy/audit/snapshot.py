"""Turning model instances into the JSON stored in an audit entry's before/after."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


def to_json_value(value: Any) -> Any:
    """The value as it will read back from any database's JSON column (dates and decimals as strings)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


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
