"""The signing officer's key: letters are signed as PAdES PDFs (pyHanko) with it.

In production ``LETTER_SIGNING_PKCS12`` names the signing officer's Class 3 DSC as a PKCS#12
file and ``LETTER_SIGNING_PASSPHRASE`` opens it. With neither set, the portal makes (once,
under ``REPM_VAR_DIR/signing/``) a demo CA and a demo signing certificate issued by it, so that
every letter is signed in every run mode; ``manage.py check --deploy`` warns while the demo
certificate is in use. Signing costs tens of milliseconds (benchmarks/letter_signing.py): do
it outside locks, right after the rendering (``letters.letter_render``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import io
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from repm_portal.errors import ValidationFailed

if TYPE_CHECKING:
    from asn1crypto import x509
    from pyhanko.sign.signers import SimpleSigner

DEMO_DIR_NAME = "signing"
DEMO_CA = "demo-ca.pem"
DEMO_P12 = "demo-signer.p12"
DEMO_SIGNATORY = "Demo Signing Officer"
FIELD_NAME = "REPMSignature"

_lock = threading.Lock()
_cache: dict[tuple[str, str], Signing] = {}


@dataclasses.dataclass(frozen=True)
class Signing:
    """The loaded key and certificate chain, and who the certificate names."""

    signer: SimpleSigner
    certificate: x509.Certificate
    common_name: str
    demo: bool


def demo_dir() -> Path:
    return Path(settings.VAR_DIR) / DEMO_DIR_NAME


def demo_ca_path() -> Path:
    return demo_dir() / DEMO_CA


def demo_certificate_ensure(directory: Path | None = None) -> Path:
    """The demo CA and signing certificate under ``directory`` (made once, atomically).

    EC P-256 keys: quick to make and to sign with. No network is used. Two processes racing
    each build their own copy in a temporary directory; the first rename wins.
    """
    target = directory or demo_dir()
    if (target / DEMO_P12).exists():
        return target
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = cx509.Name(
        [
            cx509.NameAttribute(NameOID.COUNTRY_NAME, "IN"),
            cx509.NameAttribute(NameOID.ORGANIZATION_NAME, "REPM Scheme Portal (demo)"),
            cx509.NameAttribute(NameOID.COMMON_NAME, "REPM Demo CA (not a licensed CA)"),
        ]
    )
    ca_cert = (
        cx509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(cx509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            cx509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(cx509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        cx509.CertificateBuilder()
        .subject_name(
            cx509.Name(
                [
                    cx509.NameAttribute(NameOID.COUNTRY_NAME, "IN"),
                    cx509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ministry of Heavy Industries"),
                    cx509.NameAttribute(NameOID.COMMON_NAME, DEMO_SIGNATORY),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(cx509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            cx509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation, as on a Class 3 signing DSC
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            cx509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".signing-", dir=target.parent))
    (staging / DEMO_CA).write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    p12 = pkcs12.serialize_key_and_certificates(
        b"repm-demo-signer", key, cert, [ca_cert], serialization.NoEncryption()
    )
    (staging / DEMO_P12).write_bytes(p12)
    os.chmod(staging / DEMO_P12, 0o600)
    os.chmod(staging, 0o755)  # noqa: S103  (the CA certificate is public; the key stays 0600)
    try:
        staging.rename(target)
    except OSError:  # another process made it first: use theirs
        shutil.rmtree(staging, ignore_errors=True)
    return target


def signing_load() -> Signing:
    """The configured signer (the demo one when none is configured), loaded once per process."""
    path = settings.LETTER_SIGNING_PKCS12
    passphrase = settings.LETTER_SIGNING_PASSPHRASE
    key = (str(path) or str(demo_dir()), passphrase)
    with _lock:
        if key in _cache:
            return _cache[key]
        from pyhanko.sign.signers import SimpleSigner

        demo = not path
        p12 = Path(path) if path else demo_certificate_ensure() / DEMO_P12
        signer = SimpleSigner.load_pkcs12(
            str(p12), passphrase=passphrase.encode() if passphrase else None
        )
        if signer is None or signer.signing_cert is None:
            raise ValidationFailed(
                _("The signing certificate %(p)s could not be opened: check its passphrase.")
                % {"p": p12}
            )
        cert = signer.signing_cert
        loaded = Signing(
            signer=signer,
            certificate=cert,
            common_name=str(cert.subject.native.get("common_name", "")),
            demo=demo,
        )
        _cache[key] = loaded
        return loaded


def signatory() -> tuple[str, str]:
    """The signing officer's name and designation, as the letters show them."""
    name = settings.LETTER_SIGNATORY_NAME or signing_load().common_name
    return name, settings.LETTER_SIGNATORY_DESIGNATION


def pdf_sign(pdf: bytes, *, reference: str) -> bytes:
    """``pdf`` signed (PAdES baseline B, invisible field) with the signing officer's key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    loaded = signing_load()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=f"Issued through the REPM Scheme Portal, reference {reference}",
        location="Ministry of Heavy Industries, New Delhi",
        name=signatory()[0],
    )

    # Invisible, with its box out of the page: an untagged widget inside the page would break
    # the letters' PDF/UA-1 conformance (pyHanko's InvisSigSettings explains the choice).
    field = fields.SigFieldSpec(
        FIELD_NAME,
        invis_sig_settings=fields.InvisSigSettings(box_out_of_bounds=True),
        readable_field_name="Signature of the signing officer",
    )
    pdf_signer = signers.PdfSigner(meta, signer=loaded.signer, new_field_spec=field)

    async def sign() -> bytes:
        out = await pdf_signer.async_sign_pdf(writer)
        return bytes(out.getvalue())

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        return asyncio.run(sign())
    # Called where an event loop already runs (an async caller, Playwright's test thread):
    # pyHanko's signing is a coroutine, so it runs to completion on a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, sign()).result()


@checks.register(checks.Tags.security, deploy=True)
def check_signing_certificate(**_kwargs: object) -> list[checks.CheckMessage]:
    """``check --deploy``: letters must be signed with the officer's DSC, not the demo one."""
    if settings.LETTER_SIGNING_PKCS12:
        if not Path(settings.LETTER_SIGNING_PKCS12).is_file():
            return [
                checks.Error(
                    f"LETTER_SIGNING_PKCS12 names no file: {settings.LETTER_SIGNING_PKCS12}",
                    hint="Point it at the signing officer's Class 3 DSC exported as PKCS#12.",
                    id="repm.E014",
                )
            ]
        return []
    return [
        checks.Warning(
            "Letters are signed with the demo certificate: no one outside trusts it.",
            hint="Set LETTER_SIGNING_PKCS12 and LETTER_SIGNING_PASSPHRASE to the signing "
            "officer's Class 3 DSC.",
            id="repm.W014",
        )
    ]
