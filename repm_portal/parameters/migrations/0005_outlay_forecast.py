"""The outlay dashboard's numbers (R-OUT-1/2): Table 6's scheme-year start and the forecast's
default assumptions, added to every existing parameter version (each version stays complete).

- ``outlay_start_date``: 15 Dec 2025, the notification's date (issue 12's decision): scheme year
  k of Table 6 runs from it plus k−1 years.
- ``forecast_utilisation`` 0.70 and ``forecast_sale_price_per_kg`` ₹4,500: MHI's working
  assumptions for the forecast, changeable on the page without saving and by a new version.
"""

from django.db import migrations

ADDED_VALUES = {
    "outlay_start_date": "2025-12-15",
    "forecast_utilisation": "0.70",
    "forecast_sale_price_per_kg": "4500.00",
}


def add(apps, schema_editor):
    ParameterVersion = apps.get_model("parameters", "ParameterVersion")
    for version in ParameterVersion.objects.all():
        values = dict(version.values)
        for key, value in ADDED_VALUES.items():
            values.setdefault(key, value)
        ParameterVersion.objects.filter(pk=version.pk).update(values=values)


def remove(apps, schema_editor):
    ParameterVersion = apps.get_model("parameters", "ParameterVersion")
    for version in ParameterVersion.objects.all():
        values = {k: v for k, v in version.values.items() if k not in ADDED_VALUES}
        ParameterVersion.objects.filter(pk=version.pk).update(values=values)


class Migration(migrations.Migration):
    dependencies = [("parameters", "0004_quarterly_reports")]
    operations = [migrations.RunPython(add, remove)]
