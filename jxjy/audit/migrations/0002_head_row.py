from django.db import migrations


def create_head(apps, schema_editor):
    # The single head row every writer locks; created here so writers never race to create it.
    apps.get_model("audit", "AuditHead").objects.get_or_create(id=1, defaults={"seq": 0, "mac": ""})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
