"""The invoice-of-its-claim trigger of migration 0005 in one pass over the statement's invoices.

0005 joined every new invoice to the claims, which PostgreSQL, knowing nothing of the
transition table's size, did with an index probe a row: a fifth of a million-row register's
time. Now the distinct (claim, beneficiary) pairs are taken in one pass (a chunk of the
register has one), and each is looked up, and locked, once."""

from django.db import migrations

EACH_PAIR_ONCE = """
CREATE OR REPLACE FUNCTION incentives_invoice_of_its_claim() RETURNS trigger AS $$
DECLARE
    pair record;
BEGIN
    FOR pair IN SELECT DISTINCT claim_id, beneficiary_id FROM new_invoices LOOP
        PERFORM 1 FROM incentives_sliclaim
            WHERE id = pair.claim_id AND beneficiary_id = pair.beneficiary_id FOR KEY SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'an invoice must belong to an existing claim of its beneficiary'
                USING ERRCODE = 'foreign_key_violation', TABLE = 'incentives_claimedinvoice';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""
JOINED = """
CREATE OR REPLACE FUNCTION incentives_invoice_of_its_claim() RETURNS trigger AS $$
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
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EACH_PAIR_ONCE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(JOINED, params=None)


class Migration(migrations.Migration):
    dependencies = [("incentives", "0005_invoice_keyed_by_eway_bill")]

    operations = [migrations.RunPython(forwards, backwards)]
