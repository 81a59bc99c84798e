"""R-SLI-8 at a million rows: an invoice is keyed by its e-way bill; its claim is checked by
statement triggers on PostgreSQL instead of a foreign key checked row by row (see
ClaimedInvoice, and benchmarks/invoice_register.py for the figures)."""

import django.db.models.deletion
from django.db import migrations, models

import incentives.models

# Every invoice a statement writes belongs to an existing claim of the same beneficiary. The
# claims are locked as a foreign key would lock them (FOR KEY SHARE), so none goes meanwhile.
FUNCTIONS = """
CREATE FUNCTION incentives_invoice_of_its_claim() RETURNS trigger AS $$
BEGIN
    PERFORM 1 FROM incentives_sliclaim
        WHERE id IN (SELECT DISTINCT claim_id FROM new_invoices) FOR KEY SHARE;
    IF EXISTS (
        SELECT 1 FROM new_invoices n LEFT JOIN incentives_sliclaim c
            ON c.id = n.claim_id AND c.beneficiary_id = n.beneficiary_id
        WHERE c.id IS NULL
    ) THEN
        RAISE EXCEPTION 'an invoice must belong to an existing claim of its beneficiary'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'incentives_claimedinvoice';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION incentives_claim_keeps_its_invoices() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.beneficiary_id <> OLD.beneficiary_id THEN
        IF EXISTS (SELECT 1 FROM incentives_claimedinvoice WHERE claim_id = OLD.id) THEN
            RAISE EXCEPTION 'claim % still has invoices: delete them first', OLD.id
                USING ERRCODE = 'foreign_key_violation', TABLE = 'incentives_sliclaim';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""
TRIGGERS = """
CREATE TRIGGER incentives_invoice_insert_of_its_claim AFTER INSERT ON incentives_claimedinvoice
    REFERENCING NEW TABLE AS new_invoices
    FOR EACH STATEMENT EXECUTE FUNCTION incentives_invoice_of_its_claim();
CREATE TRIGGER incentives_invoice_update_of_its_claim AFTER UPDATE ON incentives_claimedinvoice
    REFERENCING NEW TABLE AS new_invoices
    FOR EACH STATEMENT EXECUTE FUNCTION incentives_invoice_of_its_claim();
CREATE TRIGGER incentives_claim_keeps_its_invoices
    BEFORE DELETE OR UPDATE OF id, beneficiary_id ON incentives_sliclaim
    FOR EACH ROW EXECUTE FUNCTION incentives_claim_keeps_its_invoices();
"""
DROP = """
DROP TRIGGER IF EXISTS incentives_invoice_insert_of_its_claim ON incentives_claimedinvoice;
DROP TRIGGER IF EXISTS incentives_invoice_update_of_its_claim ON incentives_claimedinvoice;
DROP TRIGGER IF EXISTS incentives_claim_keeps_its_invoices ON incentives_sliclaim;
DROP FUNCTION IF EXISTS incentives_invoice_of_its_claim();
DROP FUNCTION IF EXISTS incentives_claim_keeps_its_invoices();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)
        schema_editor.execute(TRIGGERS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0002_beneficiary_incentives_forfeited_and_more"),
        ("incentives", "0004_invoice_beneficiary_without_fk"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="claimedinvoice", name="invoice_eway_bill_once"),
        migrations.RemoveField(model_name="claimedinvoice", name="id"),
        migrations.AlterField(
            model_name="claimedinvoice",
            name="claim",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="invoices",
                to="incentives.sliclaim",
            ),
        ),
        migrations.AlterField(
            model_name="claimedinvoice",
            name="eway_bill",
            field=incentives.models.IdentifierField(
                max_length=12, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="claimedinvoice",
            name="invoice_number",
            field=incentives.models.IdentifierField(max_length=40),
        ),
        migrations.AddIndex(
            model_name="claimedinvoice",
            index=incentives.models.ClaimIndex(fields=["claim"], name="invoice_claim"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
