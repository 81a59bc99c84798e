"""The letters service: files left by a rolled-back transaction are swept; committed ones stay."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction

from repm_portal.documents.letters import letter_store
from repm_portal.documents.models import Document
from repm_portal.documents.services import documents_sweep
from repm_portal.documents.tests.fixtures import tiny_pdf

pytestmark = pytest.mark.django_db


class Abandoned(Exception):
    pass


def store(owner, title: str) -> Document:
    return letter_store(owner=owner, pdf=tiny_pdf(title), filename=f"{title}.pdf", title=title)


def test_a_letter_whose_transaction_rolled_back_leaves_no_file_after_the_sweep(
    applicant, private_files
) -> None:
    kept = store(applicant, "Kept")
    with pytest.raises(Abandoned), transaction.atomic():
        store(applicant, "Abandoned")
        raise Abandoned  # an outer step fails after the letter was stored
    assert list(Document.objects.values_list("title", flat=True)) == ["Kept"]
    assert len(private_files()) == 2  # the abandoned letter's file outlived its row

    removed = documents_sweep(older_than=timedelta(0))

    assert len(removed) == 1 and removed[0] != kept.file.name
    assert [p.name for p in private_files()] == [kept.file.name.rsplit("/", 1)[-1]]
    assert kept.file.storage.exists(kept.file.name)
    assert documents_sweep(older_than=timedelta(0)) == []  # safe to run twice


def test_the_sweep_spares_a_young_file_whose_transaction_may_still_run(
    applicant, private_files
) -> None:
    with pytest.raises(Abandoned), transaction.atomic():
        store(applicant, "Abandoned")
        raise Abandoned
    assert documents_sweep() == []  # within the grace period
    assert len(private_files()) == 1


def test_the_sweep_command_and_the_daily_beat_entry(applicant, private_files) -> None:
    from io import StringIO

    from repm_portal.celery import app

    with pytest.raises(Abandoned), transaction.atomic():
        store(applicant, "Abandoned")
        raise Abandoned
    out = StringIO()
    call_command("documents_sweep", "--older-than-hours=0", stdout=out)
    assert out.getvalue().startswith("Removed 1 orphan file(s).")
    assert private_files() == []
    assert app.conf.beat_schedule["documents-sweep-daily"]["task"] == "documents.sweep"


def test_the_sweep_with_nothing_stored_does_nothing(private_files) -> None:
    assert documents_sweep(older_than=timedelta(0)) == []
