"""Writes of the catalogue. Views, the API and the demo loader all come through here; each write is
one transaction that checks scope and leaves an audit entry (jxjy.access.writes.save_scoped)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.access.writes import ensure_editable, save_scoped
from jxjy.audit.snapshot import snapshot
from jxjy.catalogue.models import Course, Guide, GuideSubject, Textbook
from jxjy.catalogue.selectors import authorities_for
from jxjy.organizations.models import Organization

ENTRY_FIELDS = ("title", "kind", "public_category", "series", "levels", "description", "is_published")
GUIDE_FIELDS = ("year", "kind", "title", "note", "is_published", "published_by")
SUBJECT_FIELDS = (
    "title",
    "public_category",
    "series",
    "levels",
    "suggested_tenths",
    "description",
    "position",
)
COURSE_FIELDS = (*ENTRY_FIELDS, "provider", "hours_tenths", "url", "published_by")
TEXTBOOK_FIELDS = (*ENTRY_FIELDS, "authors", "publisher", "isbn", "publication_year", "published_by")


def guide_create(*, actor, data: dict[str, Any]) -> Guide:
    return _create(actor, Guide(), data, GUIDE_FIELDS, "catalogue.guide.create")


def guide_update(*, actor, guide: Guide, data: dict[str, Any]) -> Guide:
    return _update(actor, guide, data, GUIDE_FIELDS, "catalogue.guide.update")


def subject_create(*, actor, guide: Guide, data: dict[str, Any]) -> GuideSubject:
    with transaction.atomic():
        # Adding a subject changes the guide: only its editors may, even when it is published.
        ensure_editable(actor=actor, queryset=Guide.objects, instance=guide)
        return _create(actor, GuideSubject(guide=guide), data, SUBJECT_FIELDS, "catalogue.subject.create")


def subject_update(*, actor, subject: GuideSubject, data: dict[str, Any]) -> GuideSubject:
    return _update(actor, subject, data, SUBJECT_FIELDS, "catalogue.subject.update")


def course_create(*, actor, data: dict[str, Any]) -> Course:
    return _create(actor, Course(), data, COURSE_FIELDS, "catalogue.course.create")


def course_update(*, actor, course: Course, data: dict[str, Any]) -> Course:
    return _update(actor, course, data, COURSE_FIELDS, "catalogue.course.update")


def textbook_create(*, actor, data: dict[str, Any]) -> Textbook:
    return _create(actor, Textbook(), data, TEXTBOOK_FIELDS, "catalogue.textbook.create")


def textbook_update(*, actor, textbook: Textbook, data: dict[str, Any]) -> Textbook:
    return _update(actor, textbook, data, TEXTBOOK_FIELDS, "catalogue.textbook.update")


def entry_recommend(*, actor, entry: Course | Textbook, by: Organization | None = None) -> Course | Textbook:
    """Mark a course or textbook as recommended (art. 7: 推荐优秀课程和优秀教材) in the name of `by`,
    an authority the actor acts for (by default the one that published the entry)."""
    with transaction.atomic():
        entry = _locked(actor, entry)
        by = by or entry.published_by
        if not authorities_for(actor).filter(pk=by.pk).exists():
            raise ValidationError({"recommended_by": [_("只能以本人所属范围内的主管部门名义推荐")]})
        if not entry.is_published:
            raise ValidationError({"is_published": [_("未发布的条目不能推荐")]})
        before = snapshot(entry)
        entry.recommended_by, entry.recommended_on = by, timezone.localdate()
        entry.recommended_by_user = actor
        return _save(actor, entry, before, f"{_label(entry)}.recommend")


def entry_unrecommend(*, actor, entry: Course | Textbook) -> Course | Textbook:
    """Withdraw the recommendation; the audit entry keeps who had recommended it and when."""
    with transaction.atomic():
        entry = _locked(actor, entry)
        if not entry.is_recommended:
            raise ValidationError({"recommended_by": [_("该条目未被推荐")]})
        before = snapshot(entry)
        entry.recommended_by = entry.recommended_on = entry.recommended_by_user = None
        return _save(actor, entry, before, f"{_label(entry)}.unrecommend")


def _create(actor, instance: models.Model, data: dict[str, Any], allowed: tuple, action: str):
    if not authorities_for(actor).exists():
        raise PermissionDenied(_("您无权维护科目与课程目录"))
    _apply(instance, data, allowed)
    _check_publisher(actor, data)
    with transaction.atomic():
        return _save(actor, instance, None, action)


def _update(actor, instance: models.Model, data: dict[str, Any], allowed: tuple, action: str):
    with transaction.atomic():
        instance = _locked(actor, instance)
        before = snapshot(instance)
        _apply(instance, data, allowed)
        _check_publisher(actor, data)
        return _save(actor, instance, before, action)


def _locked(actor, instance: models.Model):
    manager = type(instance).objects
    instance = manager.select_for_update().get(pk=instance.pk)
    ensure_editable(actor=actor, queryset=manager, instance=instance)
    return instance


def _apply(instance: models.Model, data: dict[str, Any], allowed: tuple) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        setattr(instance, field, value.strip() if isinstance(value, str) else value)
    if getattr(instance, "is_published", False) and instance.published_on is None:
        instance.published_on = timezone.localdate()


def _check_publisher(actor, data: dict[str, Any]) -> None:
    """An entry is published in the name of an authority the actor acts for (their region's, or their
    industry's in their region); said beside the field rather than as a bare refusal."""
    publisher = data.get("published_by")
    if publisher is not None and not authorities_for(actor).filter(pk=publisher.pk).exists():
        raise ValidationError({"published_by": [_("只能以本人所属范围内的主管部门名义发布")]})


def _save(actor, instance: models.Model, before: dict | None, action: str):
    # save_scoped checks, after saving, that the owning authority is one the actor acts for: nobody
    # publishes in the name of another region's or industry's authority.
    return save_scoped(
        actor=actor, queryset=type(instance).objects, instance=instance, action=action, before=before
    )


def _label(instance: models.Model) -> str:
    return f"catalogue.{instance._meta.model_name}"
