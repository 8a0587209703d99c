"""Writing many new rows of one model at the database's own speed: COPY on PostgreSQL, one prepared
INSERT run with executemany on SQLite. Django's bulk_create compiles an INSERT of about 30 rows at a
time on SQLite (its 999-parameter limit) and prepares every value through the field: at a million
rows that is most of an import's time. Values here are converted once per field type instead.

For plain new rows only: no primary keys come back, no signals, no auto_now fields (the models
written here have none)."""

import datetime
import json

from django.db import connection, models


def insert_rows(model: type[models.Model], objs: list[models.Model]) -> int:
    if not objs:
        return 0
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    convert = [_converter(field, connection.vendor) for field in fields]
    attnames = [field.attname for field in fields]
    rows = [tuple(c(getattr(obj, name)) for c, name in zip(convert, attnames, strict=True)) for obj in objs]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
    return len(rows)


def _same(value):
    return value


def _json(value):
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _sqlite_datetime(value):
    # As Django's SQLite backend stores it: naive UTC text.
    if value is None:
        return None
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


def _sqlite_date(value):
    return None if value is None else value.isoformat()


def _converter(field: models.Field, vendor: str):
    if isinstance(field, models.JSONField):
        return _json
    if vendor == "sqlite":
        if isinstance(field, models.DateTimeField):
            return _sqlite_datetime
        if isinstance(field, models.DateField):
            return _sqlite_date
    return _same


def upsert_rows(
    table: str, columns: list[str], rows: list[tuple], *, conflict: list[str], assignments: str
) -> None:
    """INSERT … ON CONFLICT (conflict) DO UPDATE SET assignments, for many rows in one executemany
    (both SQLite 3.24+ and PostgreSQL). `assignments` may use `excluded.<column>` and the table's
    own columns, e.g. "tenths = t.tenths + excluded.tenths" with the table aliased as t."""
    if not rows:
        return
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {quote(table)} AS t ({', '.join(map(quote, columns))}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(map(quote, conflict))}) DO UPDATE SET {assignments}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
