"""Writes of logins, roles and API tokens."""

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.access.auth import new_token
from jxjy.access.models import ApiToken, RoleAssignment, User
from jxjy.access.scope import forget_grants
from jxjy.audit.services import audit_write
from jxjy.audit.snapshot import snapshot


def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor's own login. Returns (token row, the token itself, shown once)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("请填写令牌用途"), code="required")})
    token, prefix, digest = new_token()
    api_token = ApiToken(user=actor, name=name[:100], prefix=prefix, digest=digest)
    with transaction.atomic():
        api_token.full_clean()
        api_token.save()
        audit_write(
            actor=actor,
            role="self",
            action="token.create",
            obj=api_token,
            after={"name": api_token.name, "prefix": prefix},
        )
    return api_token, token


def token_revoke(*, actor: User, api_token: ApiToken) -> ApiToken:
    if api_token.user_id != actor.pk:
        raise PermissionDenied(_("只能吊销自己的令牌"))
    with transaction.atomic():
        api_token = ApiToken.objects.select_for_update().get(pk=api_token.pk)
        if api_token.revoked_at is None:
            api_token.revoked_at = timezone.now()
            api_token.save(update_fields=["revoked_at"])
            audit_write(
                actor=actor,
                role="self",
                action="token.revoke",
                obj=api_token,
                after={"revoked_at": api_token.revoked_at.isoformat()},
            )
    return api_token


def password_change(*, actor: User, new_password: str) -> User:
    """The actor sets a new password for their own login, checked by Django's password validators."""
    password_validation.validate_password(new_password, actor)
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        # What changed is on record; the password (even its hash) is not.
        audit_write(actor=actor, role="self", action="login.password_change", obj=actor)
    return actor


def role_grant(*, actor: User | None, user: User, role: str, **where) -> RoleAssignment:
    """Give `user` a role. For now only the platform administrator (or a command, actor=None) grants."""
    with transaction.atomic():
        assignment = RoleAssignment(user=user, role=role, **where)
        assignment.full_clean()
        assignment.save()
        audit_write(
            actor=actor,
            role="platform_admin" if actor else "system",
            action="role.grant",
            obj=assignment,
            after=snapshot(assignment),
        )
    forget_grants(user)
    return assignment
