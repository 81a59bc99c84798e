"""R-COM-4 decisions: quarterly progress reports are due 15 days after the quarter ends, with
reminders 7 and 1 days before; the QRR's traffic light turns amber 90 days before a milestone's
deadline; a risk scored 6 or more (likelihood × impact, each 1–3) is rated high."""

from django.db import migrations

ADDED_VALUES = {
    "quarterly_report_due_days": "15",
    "quarterly_report_reminder_days": [7, 1],
    "qrr_amber_days": "90",
    "qrr_high_risk_score": "6",
}


def add(apps, schema_editor):
    ParameterVersion = apps.get_model("parameters", "ParameterVersion")
    for version in ParameterVersion.objects.all():
        values = dict(version.values)
        for key, value in ADDED_VALUES.items():
            values.setdefault(key, value)
        # Versions are immutable to the portal; a data migration adds a new key to each.
        ParameterVersion.objects.filter(pk=version.pk).update(values=values)


def remove(apps, schema_editor):
    ParameterVersion = apps.get_model("parameters", "ParameterVersion")
    for version in ParameterVersion.objects.all():
        values = {k: v for k, v in version.values.items() if k not in ADDED_VALUES}
        ParameterVersion.objects.filter(pk=version.pk).update(values=values)


class Migration(migrations.Migration):
    dependencies = [("parameters", "0003_committee_quorum")]
    operations = [migrations.RunPython(add, remove)]
