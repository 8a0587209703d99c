"""Writing many rows of one model at the database's own speed: COPY on PostgreSQL, one prepared
statement run with executemany on SQLite. Django's bulk_create compiles an INSERT of about 30 rows at
a time on SQLite (its 999-parameter limit) and prepares every value through the field: at a million
rows that is most of an import's time. Rows here come as tuples already adapted for the database.

For plain new rows only: no primary keys come back, no signals, no auto_now fields (the models
written here have none)."""

from django.db import connection, models


def insert_values(model: type[models.Model], attnames: list[str], rows: list[tuple]) -> int:
    """New rows of `model`, as tuples of values in `attnames` order (the fields' attnames), adapted
    as the database takes them (`connection.ops.adapt_*`, JSON as text): a
    million-row import makes no model instance and converts nothing twice."""
    if rows:
        columns = ", ".join(column_names(model, attnames))
        _insert(connection.ops.quote_name(model._meta.db_table), columns, len(attnames), rows)
    return len(rows)


def column_names(model: type[models.Model], attnames: list[str]) -> list[str]:
    """The quoted database columns of `model`'s fields named by attname (person_id, title...)."""
    fields = [model._meta.get_field(name.removesuffix("_id")) for name in attnames]
    return [connection.ops.quote_name(field.column) for field in fields]


def _insert(table: str, columns: str, width: int, rows: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * width)
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def upsert_rows(
    model: type[models.Model],
    columns: list[str],
    rows: list[tuple],
    *,
    conflict: list[str],
    assignments: str | None,
) -> None:
    """INSERT … ON CONFLICT (conflict) DO UPDATE SET assignments, for many rows at once. `columns`
    are the fields' column names; `assignments` may use `excluded.<column>` and the table's own
    columns, e.g. "tenths = t.tenths + excluded.tenths" (the table is aliased t); None keeps the
    rows already there (DO NOTHING).

    PostgreSQL: the rows go by COPY into a staging table, then one INSERT … SELECT (psycopg's
    executemany, or arrays with unnest, would adapt each value in Python). SQLite: executemany, which
    binds in C and runs the prepared statement per row."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(map(quote, columns))
    on_conflict = f"ON CONFLICT ({', '.join(map(quote, conflict))}) " + (
        f"DO UPDATE SET {assignments}" if assignments else "DO NOTHING"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            stage = stage_rows(cursor, f"stage_{model._meta.db_table}", f"SELECT {names} FROM {table}", rows)
            cursor.execute(f"INSERT INTO {table} AS t ({names}) SELECT * FROM {stage} {on_conflict}")
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} AS t ({names}) VALUES ({placeholders}) {on_conflict}", rows
            )


def stage_rows(cursor, name: str, shape: str, rows) -> str:
    """PostgreSQL: `rows` in a staging table of this session, by COPY, for a set-wise statement to
    read. `shape` is a SELECT whose columns the table takes (no rows are read from it). The table is
    made once per session and emptied each time. Returns its quoted name."""
    table = connection.ops.quote_name(name)
    cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {table} AS {shape} WITH NO DATA")
    cursor.execute(f"TRUNCATE {table}")
    with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return table


def sqlite_in(column: str, values) -> tuple[str, list]:
    """SQLite: SQL for `column` being one of `values` (one bound value each, up to its 32,766
    variables), and its parameters. Raw, because Django prepares each value of an `__in` lookup
    through the field: seconds per million rows. (PostgreSQL gets such lists by `stage_rows`.)"""
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)
