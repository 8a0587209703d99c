"""Several choice values (professional series, title levels) in one column.

Stored as ",engineering,health," so that "tagged with X" is one LIKE on SQLite and PostgreSQL alike,
with no join to multiply rows. An empty value means the entry applies to every series (or level).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TagsField(models.TextField):
    def __init__(self, *args, tag_choices: type[models.TextChoices] | None = None, **kwargs):
        # The allowed values are checked in Python only; they do not shape the column, so they are
        # left out of deconstruct() and a new series needs no migration.
        self.tag_choices = tag_choices
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection) -> list[str]:
        return self.to_python(value)

    def to_python(self, value) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [item for item in value.split(",") if item]
        return list(value)

    def get_prep_value(self, value) -> str:
        if isinstance(value, str):  # a lookup's right-hand side, already in stored form
            return value
        items = self.to_python(value)
        return f",{','.join(items)}," if items else ""

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance) -> None:
        if self.tag_choices is None:
            return
        unknown = [item for item in value if item not in self.tag_choices.values]
        if unknown:
            raise ValidationError(
                _("不是允许的取值：%(values)s"), code="invalid_choice", params={"values": "、".join(unknown)}
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("取值重复"), code="duplicate")

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        kwargs.pop("blank", None)
        return name, path, args, kwargs


def tagged(field: str, value: str) -> Q:
    """Entries tagged with `value`, and those that apply to all (no tag at all)."""
    return Q(**{field: ""}) | Q(**{f"{field}__contains": f",{value},"})


def labels(choices: type[models.TextChoices], values: list[str]) -> str:
    """'工程、卫生' for the page; '不限' when the entry applies to all."""
    if not values:
        return str(_("不限"))
    return "、".join(str(choices(value).label) for value in values if value in choices.values)
