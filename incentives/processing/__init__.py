"""The invoice register's check (R-SLI-8): stream the file, check every row, keep each invoice
once across every claim of every beneficiary (the database's unique constraints decide), then
compute the claim. Three ideas, a module each:

- ``run``: the leased run of one claim's register (``register_process``, the watchdog's
  ``registers_stalled``), in a Celery task, safe to run twice;
- ``dedup``: storing a chunk of checked rows so that each invoice is claimed once (COPY and
  set-based SQL on PostgreSQL, the ORM elsewhere);
- ``lanes``: the thread engine (reading ahead, several database sessions storing at once while
  chunks commit in file order).
"""

from .run import LeaseLost, register_process, registers_stalled

__all__ = ["LeaseLost", "register_process", "registers_stalled"]
