"""The shared last step of every scoped write: validate, save, check the result is inside the
actor's scope, and write the audit entry, all in the caller's transaction."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from jxjy.access.scope import ScopedQuerySet
from jxjy.audit.services import audit_write
from jxjy.audit.snapshot import changed_fields, snapshot


def ensure_editable(*, actor, queryset: ScopedQuerySet, instance: models.Model) -> None:
    """Before a change: the object must be one the actor may change (it is visible, or we'd be at 404)."""
    if not queryset.editable_by(actor).filter(pk=instance.pk).exists():
        raise PermissionDenied(_("您无权修改该对象"))


def save_scoped(
    *, actor, queryset: ScopedQuerySet, instance: models.Model, action: str, before: dict | None
) -> models.Model:
    """Validate and save `instance`, then make sure the saved object is inside the actor's edit scope
    (a unit officer cannot create staff for another unit, an HR officer cannot move a unit out of its
    region). Must run inside a transaction: raising here rolls the save back."""
    instance.full_clean()
    instance.save()
    grant = queryset.authorizing_grant(actor, instance.pk)
    if grant is None:
        raise PermissionDenied(_("该对象超出您的管理范围"))
    after = snapshot(instance)
    if before is not None:
        before, after = changed_fields(before, after)
    audit_write(actor=actor, role=grant.role, action=action, obj=instance, before=before, after=after)
    return instance
