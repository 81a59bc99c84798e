"""R-ACL-4: a migrated database holds the chain's head at genesis from the start, so that a
missing head is always a finding of ``audit_verify`` (a wipe), never a new beginning."""

from django.db import migrations

GENESIS_HASH = "0" * 64


def forwards(apps, schema_editor):
    from repm_portal.audit.chain import head_mac

    AuditHead = apps.get_model("audit", "AuditHead")
    if not AuditHead.objects.filter(pk=1).exists():
        AuditHead.objects.create(
            pk=1, last_seq=0, last_hash=GENESIS_HASH, mac=head_mac(0, GENESIS_HASH)
        )


def backwards(apps, schema_editor):
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditHead.objects.filter(pk=1, last_seq=0).delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
