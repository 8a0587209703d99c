"""Writes of divisions: loading the shipped GB/T 2260 table, and the platform administrator's edits."""

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jxjy.access.writes import ensure_editable, save_scoped
from jxjy.audit.services import audit_write
from jxjy.audit.snapshot import snapshot
from jxjy.regions.choices import RegionLevel
from jxjy.regions.models import Region, level_of

DATASET = Path(__file__).parent / "data" / "gb2260.csv"
EDITABLE_FIELDS = ("code", "name", "parent", "is_remote")


def region_create(*, actor, data: dict[str, Any]) -> Region:
    region = Region()
    _apply(region, data)
    with transaction.atomic():
        return save_scoped(
            actor=actor, queryset=Region.objects, instance=region, action="region.create", before=None
        )


def region_update(*, actor, region: Region, data: dict[str, Any]) -> Region:
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region.pk)
        ensure_editable(actor=actor, queryset=Region.objects, instance=region)
        before = snapshot(region)
        _apply(region, data)
        return save_scoped(
            actor=actor, queryset=Region.objects, instance=region, action="region.update", before=before
        )


def _apply(region: Region, data: dict[str, Any]) -> None:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        setattr(region, field, value.strip() if isinstance(value, str) else value)
    if region.code:
        region.level = level_of(region.code)
        # Scope is a prefix match on codes: a division must sit under the parent its code names.
        parent_code = region.parent.code if region.parent else None
        if region.parent is not None and not region.code.startswith(region.parent.subtree_prefix):
            raise ValidationError(
                {
                    "parent_code": ValidationError(
                        _("区划代码 %(code)s 不属于上级区划 %(parent)s"),
                        code="parent_mismatch",
                        params={"code": region.code, "parent": parent_code},
                    )
                }
            )
        if region.parent is None and region.level != RegionLevel.PROVINCE:
            raise ValidationError(
                {"parent_code": ValidationError(_("地级和县级区划须指定上级区划"), code="required")}
            )


def regions_load(*, dataset: Path = DATASET) -> tuple[int, int]:
    """Load (or bring up to date) the division tree from the shipped table. Returns (created, updated).
    Rows are taken level by level, so every parent exists before its children."""
    rows = _read_dataset(dataset)
    existing = {region.code: region for region in Region.objects.all()}
    created = updated = 0
    with transaction.atomic():
        for code, name, parent_code in rows:
            parent = existing.get(parent_code) if parent_code else None
            region = existing.get(code)
            if region is None:
                region = Region.objects.create(code=code, name=name, level=level_of(code), parent=parent)
                existing[code] = region
                created += 1
            elif region.name != name or region.parent_id != (parent.pk if parent else None):
                region.name, region.parent = name, parent
                region.save(update_fields=["name", "parent"])
                updated += 1
        audit_write(
            actor=None,
            role="system",
            action="region.load",
            object_type="regions.region",
            after={"dataset": dataset.name, "created": created, "updated": updated},
        )
    return created, updated


def _read_dataset(dataset: Path) -> list[tuple[str, str, str]]:
    with open(dataset, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    reader = csv.DictReader(lines)
    rows = [(row["code"], row["name"], row["parent"]) for row in reader]
    level_order = {RegionLevel.PROVINCE: 0, RegionLevel.PREFECTURE: 1, RegionLevel.COUNTY: 2}
    return sorted(rows, key=lambda row: (level_order[level_of(row[0])], row[0]))
