"""Examination notes get a row each, with their kind as a key (issue 15): the kind was a prefix
stored in English in one text field ("Q · Name · 02 Apr 2027 10:15: text"), so a Hindi reader
saw "Q", "A", "IE", "Rejected". The existing text is parsed into rows here; 0011 drops the field
(apart: PostgreSQL will not alter a table with the new rows' deferred checks still pending)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KINDS = {"Q": "question", "A": "answer", "IE": "ie_report", "Rejected": "rejection"}
PREFIXES = {kind: prefix for prefix, kind in KINDS.items()}
# As examination._note wrote it: prefix · full name · IST time: text (the text may run on over
# further lines).
HEADER = re.compile(
    r"^(?P<prefix>Q|A|IE|Rejected) · (?P<name>.*) · "
    r"(?P<when>\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}): ?(?P<text>.*)$"
)
IST = ZoneInfo("Asia/Kolkata")


def parse_notes(notes: str) -> list[dict]:
    """The notes of one claim as rows: kind, author_name, written_at (aware, IST) and text.
    Text before any header (none was written so) is kept as one note of kind "note"."""
    rows: list[dict] = []
    for line in notes.splitlines():
        match = HEADER.match(line)
        if match:
            rows.append(
                {
                    "kind": KINDS[match["prefix"]],
                    "author_name": match["name"],
                    "written_at": datetime.strptime(match["when"], "%d %b %Y %H:%M").replace(
                        tzinfo=IST
                    ),
                    "text": [match["text"]],
                }
            )
        elif rows:
            rows[-1]["text"].append(line)
        elif line.strip():
            rows.append({"kind": "note", "author_name": "", "written_at": None, "text": [line]})
        # blank lines before any note carry nothing
    for row in rows:
        row["text"] = "\n".join(row["text"]).strip()
    return rows


def notes_to_rows(apps, schema_editor):
    ExaminationNote = apps.get_model("incentives", "ExaminationNote")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    authors: dict[str, int | None] = {}

    def author(name: str) -> int | None:
        if name not in authors:  # only a name no one else bears is taken to be that person
            ids = list(User.objects.filter(full_name=name).values_list("pk", flat=True)[:2])
            authors[name] = ids[0] if len(ids) == 1 and name else None
        return authors[name]

    for model, where in (("SLIClaim", "sli_claim_id"), ("CapitalSubsidyClaim", "capital_claim_id")):
        claims = apps.get_model("incentives", model).objects.exclude(notes="")
        for claim in claims.only("pk", "notes", "filed_at").iterator():
            ExaminationNote.objects.bulk_create(
                ExaminationNote(
                    **{where: claim.pk},
                    kind=row["kind"],
                    author_id=author(row["author_name"]),
                    author_name=row["author_name"],
                    written_at=row["written_at"] or claim.filed_at,
                    text=row["text"],
                )
                for row in parse_notes(claim.notes)
            )


def rows_to_notes(apps, schema_editor):
    ExaminationNote = apps.get_model("incentives", "ExaminationNote")
    for model, where in (("SLIClaim", "sli_claim_id"), ("CapitalSubsidyClaim", "capital_claim_id")):
        Claim = apps.get_model("incentives", model)
        texts: dict[int, list[str]] = {}
        for note in ExaminationNote.objects.filter(**{f"{where}__isnull": False}).order_by(
            "written_at", "id"
        ):
            when = note.written_at.astimezone(IST).strftime("%d %b %Y %H:%M")
            prefix = PREFIXES.get(note.kind, "Note")
            texts.setdefault(getattr(note, where), []).append(
                f"{prefix} · {note.author_name} · {when}: {note.text}"
            )
        for pk, lines in texts.items():
            Claim.objects.filter(pk=pk).update(notes="\n".join(lines))


class Migration(migrations.Migration):
    dependencies = [
        ("incentives", "0009_nil_payable"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExaminationNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("question", "Question"),
                            ("answer", "Answer"),
                            ("ie_report", "Independent Engineer's verification"),
                            ("rejection", "Reasons for rejection"),
                            ("note", "Note"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("author_name", models.CharField(max_length=200, verbose_name="written by")),
                ("written_at", models.DateTimeField(verbose_name="written at")),
                ("text", models.TextField(verbose_name="note")),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "capital_claim",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="examination_notes",
                        to="incentives.capitalsubsidyclaim",
                    ),
                ),
                (
                    "sli_claim",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="examination_notes",
                        to="incentives.sliclaim",
                    ),
                ),
            ],
            options={
                "ordering": ["written_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("capital_claim__isnull", True), ("sli_claim__isnull", False)),
                            models.Q(("capital_claim__isnull", False), ("sli_claim__isnull", True)),
                            _connector="OR",
                        ),
                        name="examination_note_one_claim",
                    )
                ],
            },
        ),
        migrations.RunPython(notes_to_rows, rows_to_notes),
    ]
