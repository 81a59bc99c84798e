"""The notes' text field goes: its notes are rows of ExaminationNote since 0010.

Plain ALTER TABLE both ways, on PostgreSQL and SQLite alike: Django would rebuild the SQLite table
to add the column back, and SQLite then refuses, because the triggers of 0008 name the table."""

from django.db import migrations

TABLES = ("incentives_sliclaim", "incentives_capitalsubsidyclaim")


class Migration(migrations.Migration):
    dependencies = [("incentives", "0010_examination_notes_with_kinds")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="capitalsubsidyclaim", name="notes"),
                migrations.RemoveField(model_name="sliclaim", name="notes"),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE {table} DROP COLUMN notes",
                    f"ALTER TABLE {table} ADD COLUMN notes text NOT NULL DEFAULT ''",
                )
                for table in TABLES
            ],
        ),
    ]
