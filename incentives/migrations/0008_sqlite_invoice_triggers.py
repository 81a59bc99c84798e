"""Embedded mode (SQLite) holds invoices and rejected rows to their claims too.

On PostgreSQL, statement triggers do it (0005–0007) in place of foreign keys checked row by
row. SQLite has no statement triggers; row triggers cost little at the embedded mode's sizes.
They refuse what PostgreSQL refuses: an invoice of no claim or of another beneficiary's claim,
a rejected row of no claim, a claim handed to another beneficiary or renumbered while it has
them. One difference, on purpose: a claim deleted by hand in SQL takes its invoices and rejected
rows with it (as Django's cascade does) instead of being refused, because the test runner
empties SQLite tables in no set order, claims before invoices; no orphan row can remain either way.
"""

from django.db import migrations

TRIGGERS = [
    """
    CREATE TRIGGER incentives_invoice_insert_of_its_claim
    AFTER INSERT ON incentives_claimedinvoice FOR EACH ROW
    WHEN NOT EXISTS (
        SELECT 1 FROM incentives_sliclaim c
        WHERE c.id = NEW.claim_id AND c.beneficiary_id = NEW.beneficiary_id
    )
    BEGIN
        SELECT RAISE(ABORT, 'an invoice must belong to an existing claim of its beneficiary');
    END
    """,
    """
    CREATE TRIGGER incentives_invoice_update_of_its_claim
    AFTER UPDATE ON incentives_claimedinvoice FOR EACH ROW
    WHEN NOT EXISTS (
        SELECT 1 FROM incentives_sliclaim c
        WHERE c.id = NEW.claim_id AND c.beneficiary_id = NEW.beneficiary_id
    )
    BEGIN
        SELECT RAISE(ABORT, 'an invoice must belong to an existing claim of its beneficiary');
    END
    """,
    """
    CREATE TRIGGER incentives_rejected_row_insert_of_a_claim
    AFTER INSERT ON incentives_rejectedrow FOR EACH ROW
    WHEN NOT EXISTS (SELECT 1 FROM incentives_sliclaim c WHERE c.id = NEW.claim_id)
    BEGIN
        SELECT RAISE(ABORT, 'a rejected row must belong to an existing claim');
    END
    """,
    """
    CREATE TRIGGER incentives_rejected_row_update_of_a_claim
    AFTER UPDATE ON incentives_rejectedrow FOR EACH ROW
    WHEN NOT EXISTS (SELECT 1 FROM incentives_sliclaim c WHERE c.id = NEW.claim_id)
    BEGIN
        SELECT RAISE(ABORT, 'a rejected row must belong to an existing claim');
    END
    """,
    """
    CREATE TRIGGER incentives_claim_keeps_its_invoices
    BEFORE UPDATE OF id, beneficiary_id ON incentives_sliclaim FOR EACH ROW
    WHEN (NEW.id <> OLD.id OR NEW.beneficiary_id <> OLD.beneficiary_id)
        AND EXISTS (SELECT 1 FROM incentives_claimedinvoice WHERE claim_id = OLD.id)
    BEGIN
        SELECT RAISE(ABORT, 'the claim still has invoices: delete them first');
    END
    """,
    """
    CREATE TRIGGER incentives_claim_keeps_its_rejected_rows
    BEFORE UPDATE OF id ON incentives_sliclaim FOR EACH ROW
    WHEN NEW.id <> OLD.id
        AND EXISTS (SELECT 1 FROM incentives_rejectedrow WHERE claim_id = OLD.id)
    BEGIN
        SELECT RAISE(ABORT, 'the claim still has rejected rows: delete them first');
    END
    """,
    """
    CREATE TRIGGER incentives_claim_deleted_with_its_rows
    AFTER DELETE ON incentives_sliclaim FOR EACH ROW
    BEGIN
        DELETE FROM incentives_claimedinvoice WHERE claim_id = OLD.id;
        DELETE FROM incentives_rejectedrow WHERE claim_id = OLD.id;
    END
    """,
]
NAMES = [
    "incentives_invoice_insert_of_its_claim",
    "incentives_invoice_update_of_its_claim",
    "incentives_rejected_row_insert_of_a_claim",
    "incentives_rejected_row_update_of_a_claim",
    "incentives_claim_keeps_its_invoices",
    "incentives_claim_keeps_its_rejected_rows",
    "incentives_claim_deleted_with_its_rows",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in TRIGGERS:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("incentives", "0007_rejected_row_claim_by_statement_trigger")]

    operations = [migrations.RunPython(forwards, backwards)]
