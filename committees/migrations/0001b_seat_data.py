"""The seats of Annexures A and B (R-COM-1, R-COM-2)."""

from django.db import migrations


def load(apps, schema_editor):
    from committees.annexures import load_seats

    load_seats(apps.get_model("committees", "Committee"), apps.get_model("committees", "Seat"))


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
