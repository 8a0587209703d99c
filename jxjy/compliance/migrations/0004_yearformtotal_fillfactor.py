"""PostgreSQL: leave room in each page of the per-form totals, so that adding hours to a row (every
registration, every batch of an import) can write its new version beside the old one without
touching the indexes (a HOT update). SQLite updates in place and has no such setting."""

from django.db import migrations

TABLE = "compliance_yearformtotal"


def set_fillfactor(apps, schema_editor, percent=70):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {percent})")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_pending_year")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
