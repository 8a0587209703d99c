"""Writes of organisations. Views, the API, importers and commands all come through here."""

from typing import Any

from django.db import transaction

from jxjy.access.writes import ensure_editable, save_scoped
from jxjy.audit.snapshot import snapshot
from jxjy.organizations.codes import normalize_credit_code
from jxjy.organizations.models import Organization

EDITABLE_FIELDS = (
    "kind",
    "unit_type",
    "name",
    "credit_code",
    "region",
    "industry",
    "address",
    "contact_name",
    "contact_phone",
    "is_key_field",
    "is_active",
)


def organization_create(*, actor, data: dict[str, Any]) -> Organization:
    organization = Organization()
    _apply(organization, data)
    with transaction.atomic():
        return save_scoped(
            actor=actor,
            queryset=Organization.objects,
            instance=organization,
            action="organization.create",
            before=None,
        )


def organization_update(*, actor, organization: Organization, data: dict[str, Any]) -> Organization:
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        ensure_editable(actor=actor, queryset=Organization.objects, instance=organization)
        before = snapshot(organization)
        _apply(organization, data)
        return save_scoped(
            actor=actor,
            queryset=Organization.objects,
            instance=organization,
            action="organization.update",
            before=before,
        )


def _apply(organization: Organization, data: dict[str, Any]) -> None:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        if field == "credit_code":
            value = normalize_credit_code(value)
        if isinstance(value, str) and field != "credit_code":
            value = value.strip()
        setattr(organization, field, value)
