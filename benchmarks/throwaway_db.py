"""What the benchmarks share: Django set up against a database of the benchmark's own, created on
the local PostgreSQL server (127.0.0.1:5432, user postgres, trust) and dropped when done."""

import os

PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "jxjy.config.settings.base"
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
    import django

    django.setup()


def create_pg_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
