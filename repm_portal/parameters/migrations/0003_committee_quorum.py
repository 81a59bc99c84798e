"""The committees' parameters (issue 11 decisions): the quorum fraction and the horizon of
milestones at risk on a review agenda."""

from django.db import migrations

# Read by parameters_ensure_notified when it reloads the notified values after a flush.
ADDED_VALUES = {
    "committee_quorum_fraction": "0.5",  # half the seats (issue 11 decision)
    "agenda_milestone_horizon_days": "90",  # milestones at risk on a review agenda
}


def add(apps, schema_editor):
    ParameterVersion = apps.get_model("parameters", "ParameterVersion")
    for version in ParameterVersion.objects.all():
        missing = {k: v for k, v in ADDED_VALUES.items() if k not in version.values}
        if missing:
            values = {**version.values, **missing}
            # Versions are otherwise immutable; a data migration adds a new key to each.
            ParameterVersion.objects.filter(pk=version.pk).update(values=values)


def remove(apps, schema_editor):
    ParameterVersion = apps.get_model("parameters", "ParameterVersion")
    for version in ParameterVersion.objects.all():
        if any(k in version.values for k in ADDED_VALUES):
            values = {k: v for k, v in version.values.items() if k not in ADDED_VALUES}
            ParameterVersion.objects.filter(pk=version.pk).update(values=values)


class Migration(migrations.Migration):
    dependencies = [("parameters", "0002_notified_values")]
    operations = [migrations.RunPython(add, remove)]
