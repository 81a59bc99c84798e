"""Sealed financial bids (R-BID-6, R-BID-7) — the cryptography, and nothing else.

* Each tender round has an X25519 key pair. A financial bid is encrypted to the round's public key
  the moment it arrives (libsodium sealed box: X25519 + XSalsa20-Poly1305), padded to one length
  so the ciphertext's size says nothing about the amount.
* The round's private key is never stored. At publication it is split by Shamir's scheme into
  one share per assigned Technical Committee member, any M of which rebuild it. pycryptodome's
  Shamir works on 16-byte secrets, so each half of the 32-byte key is shared separately with the
  same indices.
* Each share is sealed to a custody key that its TC member derives from a passphrase only they
  know (Argon2id); the portal keeps the custody public key and the sealed share, never the
  passphrase. At the opening, M members type their passphrases; the key is rebuilt in memory.
* The applicant's receipt is SHA-256 over the bid reference, the amount and a 256-bit random
  salt sealed with the amount. After the opening the amount and salt are published, so anyone
  can recompute the digest; before it, the salt makes guessing the amount from the receipt
  hopeless even though the amounts possible are few.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from decimal import Decimal

from Crypto.Protocol.SecretSharing import Shamir
from nacl import pwhash
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

PAYLOAD_BYTES = 256
CUSTODY_SALT_BYTES = pwhash.argon2id.SALTBYTES
_OPS = pwhash.argon2id.OPSLIMIT_INTERACTIVE
_MEM = pwhash.argon2id.MEMLIMIT_INTERACTIVE


class SealingError(Exception):
    """A share, passphrase or ciphertext that does not open what it should."""


@dataclass(frozen=True)
class RoundKeys:
    public: bytes
    private: bytes


@dataclass(frozen=True)
class OpenedBid:
    reference: str
    amount: Decimal
    salt: str


def round_keys() -> RoundKeys:
    key = PrivateKey.generate()
    return RoundKeys(public=bytes(key.public_key), private=bytes(key))


def public_key_of(private: bytes) -> bytes:
    return bytes(PrivateKey(private).public_key)


# --- M-of-N custody of the round's private key --------------------------------------------


def split_key(private: bytes, *, threshold: int, holders: int) -> list[tuple[int, bytes]]:
    """Shares (index, 32 bytes); any ``threshold`` of the ``holders`` rebuild ``private``."""
    if not 1 <= threshold <= holders:
        raise ValueError("the threshold must be between 1 and the number of holders")
    low = Shamir.split(threshold, holders, private[:16])
    high = Shamir.split(threshold, holders, private[16:])
    return [(i, lo + hi) for (i, lo), (_j, hi) in zip(low, high, strict=True)]


def combine_shares(shares: list[tuple[int, bytes]], *, expected_public: bytes) -> bytes:
    """The private key from the shares; refused unless it matches the round's public key."""
    if len({index for index, _ in shares}) != len(shares):
        raise SealingError("the same share was given twice")
    low = Shamir.combine([(i, share[:16]) for i, share in shares])
    high = Shamir.combine([(i, share[16:]) for i, share in shares])
    private = low + high
    if public_key_of(private) != expected_public:
        raise SealingError("the shares do not rebuild the round's key")
    return private


def custody_private_key(passphrase: str, salt: bytes) -> PrivateKey:
    seed = pwhash.argon2id.kdf(32, passphrase.encode(), salt, opslimit=_OPS, memlimit=_MEM)
    return PrivateKey(seed)


def custody_public_key(passphrase: str, salt: bytes) -> bytes:
    return bytes(custody_private_key(passphrase, salt).public_key)


def seal_share(index: int, share: bytes, *, custody_public: bytes) -> bytes:
    return SealedBox(PublicKey(custody_public)).encrypt(bytes([index]) + share)


def unseal_share(sealed: bytes, *, passphrase: str, salt: bytes) -> tuple[int, bytes]:
    try:
        opened = SealedBox(custody_private_key(passphrase, salt)).decrypt(sealed)
    except CryptoError:
        raise SealingError("the passphrase does not open this share") from None
    return opened[0], opened[1:]


# --- Bids ------------------------------------------------------------------------------------


def _amount_text(amount: Decimal) -> str:
    return f"{amount:.2f}"


def receipt_of(reference: str, amount: Decimal, salt: str) -> str:
    """The receipt anyone can recompute after the opening."""
    text = f"REPM-BID|{reference}|{_amount_text(amount)}|{salt}"
    return hashlib.sha256(text.encode()).hexdigest()


def seal_bid(amount: Decimal, *, reference: str, round_public: bytes) -> tuple[bytes, str]:
    """(ciphertext, receipt) for ``amount``; the amount exists nowhere else afterwards."""
    salt = secrets.token_hex(32)
    payload = json.dumps({"ref": reference, "amount": _amount_text(amount), "salt": salt})
    padded = payload.encode().ljust(PAYLOAD_BYTES, b" ")
    if len(padded) != PAYLOAD_BYTES:
        raise ValueError("bid reference too long to seal")
    ciphertext = SealedBox(PublicKey(round_public)).encrypt(padded)
    return ciphertext, receipt_of(reference, amount, salt)


def open_bid(ciphertext: bytes, *, round_private: bytes) -> OpenedBid:
    try:
        payload = json.loads(SealedBox(PrivateKey(round_private)).decrypt(ciphertext))
    except (CryptoError, ValueError):
        raise SealingError("a sealed bid does not open with the round's key") from None
    return OpenedBid(payload["ref"], Decimal(payload["amount"]), payload["salt"])
