"""Login names and bearer tokens."""

import hashlib
import secrets

from django.utils import timezone

from jxjy.people.id_numbers import normalize_id_number

TOKEN_PREFIX = "jxjy_"


def normalize_login_name(raw: str) -> str:
    """Professionals log in with their ID number, typed however the keyboard typed it (full-width
    digits, spaces, a lowercase x); other login names are kept as given, minus surrounding spaces."""
    candidate = normalize_id_number(raw)
    if len(candidate) == 18 and candidate[:17].isdigit():
        return candidate
    return str(raw).strip()


def login_name_from_request(request, credentials) -> str:
    """What django-axes counts failures by: the normalized login name."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_login_name(raw)


def new_token() -> tuple[str, str, str]:
    """(token, prefix, digest): the token is shown once; only the digest is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, token[: len(TOKEN_PREFIX) + 6], token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_for_token(token: str):
    """The active user a live token belongs to, or None. Marks the token as used."""
    from jxjy.access.models import ApiToken

    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        # Written at most once a minute per token: a busy system client should not write on every call.
        type(found).objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
