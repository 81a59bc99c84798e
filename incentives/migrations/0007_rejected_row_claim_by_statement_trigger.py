"""A claim's rejected rows held to their claim by a statement trigger on PostgreSQL, as its
invoices are (0005, 0006), not by a foreign key checked row by row: a register sent again
refuses every row, and the checks, deferred to the commit, took as long as the rest of the
chunk. A claim that still has rejected rows cannot be deleted or renumbered."""

import django.db.models.deletion
from django.db import migrations, models

FUNCTIONS = """
CREATE FUNCTION incentives_rejected_row_of_a_claim() RETURNS trigger AS $$
DECLARE
    claim integer;
BEGIN
    FOR claim IN SELECT DISTINCT claim_id FROM new_rows LOOP
        PERFORM 1 FROM incentives_sliclaim WHERE id = claim FOR KEY SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'a rejected row must belong to an existing claim'
                USING ERRCODE = 'foreign_key_violation', TABLE = 'incentives_rejectedrow';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION incentives_claim_keeps_its_invoices() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.beneficiary_id <> OLD.beneficiary_id THEN
        IF EXISTS (SELECT 1 FROM incentives_claimedinvoice WHERE claim_id = OLD.id) THEN
            RAISE EXCEPTION 'claim % still has invoices: delete them first', OLD.id
                USING ERRCODE = 'foreign_key_violation', TABLE = 'incentives_sliclaim';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' OR NEW.id <> OLD.id THEN
        IF EXISTS (SELECT 1 FROM incentives_rejectedrow WHERE claim_id = OLD.id) THEN
            RAISE EXCEPTION 'claim % still has rejected rows: delete them first', OLD.id
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
CREATE TRIGGER incentives_rejected_row_insert_of_a_claim AFTER INSERT ON incentives_rejectedrow
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incentives_rejected_row_of_a_claim();
CREATE TRIGGER incentives_rejected_row_update_of_a_claim AFTER UPDATE ON incentives_rejectedrow
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incentives_rejected_row_of_a_claim();
"""
# Back: the claim keeps only its invoices (0005), and the foreign key returns.
DROP = """
DROP TRIGGER IF EXISTS incentives_rejected_row_insert_of_a_claim ON incentives_rejectedrow;
DROP TRIGGER IF EXISTS incentives_rejected_row_update_of_a_claim ON incentives_rejectedrow;
DROP FUNCTION IF EXISTS incentives_rejected_row_of_a_claim();
CREATE OR REPLACE FUNCTION incentives_claim_keeps_its_invoices() RETURNS trigger AS $$
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


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)
        schema_editor.execute(TRIGGERS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("incentives", "0006_invoice_trigger_one_pass")]

    operations = [
        migrations.AlterField(
            model_name="rejectedrow",
            name="claim",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rejected",
                to="incentives.sliclaim",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
