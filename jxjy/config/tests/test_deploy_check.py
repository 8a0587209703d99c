"""Production settings: `check --deploy` passes with real secrets, and a missing or malformed value
stops start-up with a message naming it. Each run is a fresh interpreter, as a deployment is."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = "jxjy.config.settings.production"


def production_env(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("JXJY_") and key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": PRODUCTION,
            "SECRET_KEY": secrets.token_urlsafe(64),
            "JXJY_AUDIT_KEY": secrets.token_hex(32),
            "JXJY_ALLOWED_HOSTS": "jxjy.example.gov.cn",
            "DATABASE_URL": "postgres://jxjy@127.0.0.1:5432/jxjy",  # never connected to by these checks
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def deploy_check(**overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_strong_secrets():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "JXJY_AUDIT_KEY"])
def test_a_missing_secret_fails_naming_it(missing):
    result = deploy_check(**{missing: None})
    assert result.returncode != 0
    assert f"Environment variable {missing} must be set" in result.stderr


def test_a_weak_secret_key_fails_the_deploy_check():
    result = deploy_check(SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DEBUG", "maybe"), ("JXJY_SSL_REDIRECT", "perhaps"), ("JXJY_CONN_MAX_AGE", "ten minutes")],
)
def test_a_malformed_value_fails_naming_it(variable, value):
    result = deploy_check(**{variable: value})
    assert result.returncode != 0
    assert f"{variable}={value!r}" in result.stderr


def test_debug_on_fails_the_deploy_check():
    result = deploy_check(DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG" in result.stdout + result.stderr


def production_settings(**overrides) -> dict:
    script = (
        "import json; from django.conf import settings as s; db = s.DATABASES['default'];"
        "print(json.dumps({'CONN_MAX_AGE': db['CONN_MAX_AGE'],"
        " 'CONN_HEALTH_CHECKS': db['CONN_HEALTH_CHECKS'],"
        " 'DEBUG': s.DEBUG, 'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT,"
        " 'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, 'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE,"
        " 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_keeps_database_connections_and_checks_them():
    values = production_settings()
    assert values["CONN_MAX_AGE"] > 0
    assert values["CONN_HEALTH_CHECKS"] is True
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["ALLOWED_HOSTS"] == ["jxjy.example.gov.cn"]
    assert production_settings(JXJY_CONN_MAX_AGE="60")["CONN_MAX_AGE"] == 60
