"""Requests per second of a one-row API read with a new database connection per request
(CONN_MAX_AGE=0) against connections kept between requests (the production setting), in one run.

Requests go through Django's WSGI handler in-process, so the request_started/finished signals that
open and close connections fire exactly as behind a real server, with no HTTP client in the way.

    .venv/bin/python benchmarks/db_connections.py [--requests 2000] [--database-url postgres://...] [--json]

The database (default: postgres://postgres@127.0.0.1:5432/jxjy_bench) is created and migrated if needed.
"""

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jxjy_bench"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare() -> str:
    """Migrated schema, the division tree and a token for one HR officer. Returns the token."""
    from django.core.management import call_command

    from jxjy.access.auth import new_token
    from jxjy.access.choices import Role
    from jxjy.access.models import ApiToken, RoleAssignment, User
    from jxjy.regions.models import Region
    from jxjy.regions.services import regions_load

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        regions_load()
    user, _ = User.objects.get_or_create(username="bench-hr")
    region = Region.objects.get(code="650000")
    RoleAssignment.objects.get_or_create(user=user, role=Role.HR_OFFICER, region=region)
    token, prefix, digest = new_token()
    ApiToken.objects.create(user=user, name="benchmark", prefix=prefix, digest=digest)
    return token


def measure(handler, token: str, requests: int, conn_max_age: int) -> float:
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = conn_max_age
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/api/v1/regions/650000",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    statuses = []

    def start_response(status, headers):
        statuses.append(status)

    for _ in range(20):  # warm-up: imports, caches, the first connection
        b"".join(handler(dict(environ), start_response))
    statuses.clear()
    started = time.perf_counter()
    for _ in range(requests):
        b"".join(handler(dict(environ), start_response))
    elapsed = time.perf_counter() - started
    assert all(status.startswith("200") for status in statuses), statuses[:3]
    return requests / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.config.settings.base")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    token = prepare()
    handler = WSGIHandler()
    per_request = measure(handler, token, args.requests, conn_max_age=0)
    persistent = measure(handler, token, args.requests, conn_max_age=600)
    result = {
        "benchmark": "db_connections",
        "db": "postgres",
        "requests": args.requests,
        "new_connection_per_request_rps": round(per_request, 1),
        "persistent_connections_rps": round(persistent, 1),
        "speedup": round(persistent / per_request, 2),
    }
    if not args.json:
        print(f"new connection per request: {per_request:8.1f} requests/s")
        print(f"persistent connections:     {persistent:8.1f} requests/s  ({persistent / per_request:.1f}x)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
