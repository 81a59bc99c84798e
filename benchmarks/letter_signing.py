"""Signed letters (issue 14.3): what signing adds to a letter, against its rendering.

    .venv/bin/python benchmarks/letter_signing.py [--runs 20]

Renders the Letter of Intent template once per run with a stand-in beneficiary (no database),
then signs it with the configured key (the demo EC P-256 certificate when none is configured);
prints the median and worst time of each step and the size the signature adds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from decimal import Decimal
    from types import SimpleNamespace

    from django.utils import timezone

    from repm_portal.documents import signing
    from repm_portal.documents.letters import pdf_render, reference_new

    user = SimpleNamespace(organisation="Bharat Magnetics Ltd", full_name="Ananya Rao", email="a@b")
    b = SimpleNamespace(
        user=user,
        bid=SimpleNamespace(reference="MHI/REPM/RFP/2026/01/B1"),
        round=SimpleNamespace(reference="MHI/REPM/RFP/2026/01"),
        allocated_capacity_mtpa=1000,
        quoted_rate=Decimal("1500.00"),
        pbg_due=Decimal("290000000"),
        rank=1,
    )
    name, designation = signing.signatory()
    signing.signing_load()  # the key is loaded once per process: not part of a letter's cost
    render_s, sign_s, added = [], [], []
    for _ in range(args.runs):
        reference = reference_new()
        context = {
            "b": b,
            "issued_at": timezone.localtime(),
            "letter": {
                "reference": reference,
                "signatory": name,
                "designation": designation,
                "verify_url": f"https://example.invalid/verify/?reference={reference}",
            },
        }
        t0 = time.perf_counter()
        pdf = pdf_render("bidding/letters/loi.html", context)
        t1 = time.perf_counter()
        signed = signing.pdf_sign(pdf, reference=reference)
        t2 = time.perf_counter()
        render_s.append(t1 - t0)
        sign_s.append(t2 - t1)
        added.append(len(signed) - len(pdf))
    print(f"runs: {args.runs}; key: {'demo' if signing.signing_load().demo else 'configured'}")
    for label, values in (("render", render_s), ("sign", sign_s)):
        print(
            f"{label:>6}: median {statistics.median(values) * 1000:7.1f} ms, "
            f"worst {max(values) * 1000:7.1f} ms"
        )
    print(f"signature adds {statistics.median(added) / 1024:.1f} KiB to a letter")


if __name__ == "__main__":
    main()
