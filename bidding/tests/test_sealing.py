"""R-BID-7: the sealing cryptography on its own (no database)."""

from decimal import Decimal

import pytest

from bidding import sealing


@pytest.fixture(scope="module")
def keys() -> sealing.RoundKeys:
    return sealing.round_keys()


def test_any_m_of_n_shares_rebuild_the_key_and_fewer_do_not(keys) -> None:
    shares = sealing.split_key(keys.private, threshold=3, holders=5)
    assert len(shares) == 5 and all(len(s) == 32 for _i, s in shares)
    for chosen in ([0, 1, 2], [2, 3, 4], [0, 2, 4], [0, 1, 2, 3, 4]):
        picked = [shares[i] for i in chosen]
        assert sealing.combine_shares(picked, expected_public=keys.public) == keys.private
    with pytest.raises(sealing.SealingError, match="do not rebuild"):
        sealing.combine_shares(shares[:2], expected_public=keys.public)


def test_a_forged_share_is_caught(keys) -> None:
    shares = sealing.split_key(keys.private, threshold=2, holders=3)
    index, share = shares[1]
    forged = (index, bytes([share[0] ^ 1]) + share[1:])
    with pytest.raises(sealing.SealingError, match="do not rebuild"):
        sealing.combine_shares([shares[0], forged], expected_public=keys.public)
    with pytest.raises(sealing.SealingError, match="twice"):
        sealing.combine_shares([shares[0], shares[0]], expected_public=keys.public)


def test_a_share_opens_only_with_its_members_passphrase(keys) -> None:
    salt = b"s" * sealing.CUSTODY_SALT_BYTES
    public = sealing.custody_public_key("tc-member-passphrase-1", salt)
    [(index, share), *_] = sealing.split_key(keys.private, threshold=1, holders=1)
    sealed = sealing.seal_share(index, share, custody_public=public)
    assert sealing.unseal_share(sealed, passphrase="tc-member-passphrase-1", salt=salt) == (
        index,
        share,
    )
    with pytest.raises(sealing.SealingError, match="passphrase"):
        sealing.unseal_share(sealed, passphrase="a guess", salt=salt)


def test_a_bid_seals_to_a_fixed_size_and_opens_to_its_receipt(keys) -> None:
    small, _receipt_small = sealing.seal_bid(
        Decimal("1"), reference="R1-B1", round_public=keys.public
    )
    large, receipt_large = sealing.seal_bid(
        Decimal("2150.00"), reference="R1-B2", round_public=keys.public
    )
    assert len(small) == len(large)  # the size reveals nothing
    assert b"2150" not in large
    opened = sealing.open_bid(large, round_private=keys.private)
    assert (opened.reference, opened.amount) == ("R1-B2", Decimal("2150.00"))
    assert sealing.receipt_of(opened.reference, opened.amount, opened.salt) == receipt_large
    assert sealing.receipt_of("R1-B2", Decimal("2149.99"), opened.salt) != receipt_large


def test_the_same_amount_gives_different_receipts(keys) -> None:
    _c1, first = sealing.seal_bid(Decimal("1500"), reference="R1-B1", round_public=keys.public)
    _c2, second = sealing.seal_bid(Decimal("1500"), reference="R1-B1", round_public=keys.public)
    assert first != second  # a salted digest: no dictionary of ₹0.01…₹2,150.00 finds the amount


def test_a_bid_does_not_open_with_another_key(keys) -> None:
    ciphertext, _ = sealing.seal_bid(Decimal("999.99"), reference="R1-B1", round_public=keys.public)
    with pytest.raises(sealing.SealingError):
        sealing.open_bid(ciphertext, round_private=sealing.round_keys().private)
