"""Turning ids and codes in API payloads into objects, with a field error (not a 404) when the
referenced object does not exist or is outside the caller's scope."""

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _


def resolve_reference(queryset: QuerySet, field: str, **lookup) -> Model:
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        value = next(iter(lookup.values()))
        raise ValidationError(
            {
                field: ValidationError(
                    _("%(value)s 不存在或不在您的管理范围内"), code="does_not_exist", params={"value": value}
                )
            }
        ) from None
