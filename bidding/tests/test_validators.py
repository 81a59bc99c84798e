"""Registration-number checks (R-BID-2 issue 3, R-SLI-8); expected values worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bidding.validators import (
    GST_STATE_CODES,
    GSTIN_ALPHABET,
    PAN_HOLDER_TYPES,
    gst_state_of,
    gstin_check_character,
    validate_cin,
    validate_gstin,
    validate_pan,
    validate_pan_matches_gstin,
)
from repm_portal.errors import ValidationFailed
from repm_portal.periods import today_ist

# Worked example, 27AAPFU0939F1Z -> V (the GSTN's published sample). Values: 0-9 are 0-9, A=10 ... Z=35.
# Odd positions (1st, 3rd, ...) x1, even positions x2; each product p adds p // 36 + p % 36.
#   2x1=2 -> 2     7x2=14 -> 14   A=10x1 -> 10   A=10x2=20 -> 20   P=25x1 -> 25
#   F=15x2=30 -> 30   U=30x1 -> 30   0x2 -> 0   9x1 -> 9   3x2=6 -> 6   9x1 -> 9
#   F=15x2=30 -> 30   1x1 -> 1   Z=35x2=70 -> 1 + 34 = 35
#   sum = 221; 221 % 36 = 5; (36 - 5) % 36 = 31 -> V
# 29AAGCB7383J1Z -> 4: 2+18+10+20+16+24+11+14+3+16+3+(J=19x2=38 -> 1+2=3)+1+35 = 176;
#   176 % 36 = 32; 36 - 32 = 4 -> "4".
# Changing only the state code moves the sum by the first two terms (27 gives 2 + 14 = 16):
#   38 -> 3 + 16 = 19, sum 224, 224 % 36 = 8, 36 - 8 = 28 -> S
#   40 -> 4 + 0 = 4, sum 209, 209 % 36 = 29, 36 - 29 = 7 -> "7"
#   00 -> 0, sum 205, 205 % 36 = 25, 36 - 25 = 11 -> B
# Changing the PAN's 4th letter F to X (6th GSTIN character, so x2): X=33x2=66 -> 1 + 30 = 31
#   replaces 30, sum 222, 222 % 36 = 6, 36 - 6 = 30 -> U


def test_check_character_of_published_sample() -> None:
    assert gstin_check_character("27AAPFU0939F1Z") == "V"
    assert gstin_check_character("29AAGCB7383J1Z") == "4"


@pytest.mark.parametrize(
    ("first14", "expected"),
    [
        ("38AAPFU0939F1Z", "S"),
        ("40AAPFU0939F1Z", "7"),
        ("00AAPFU0939F1Z", "B"),
        ("27AAPXU0939F1Z", "U"),
    ],
)
def test_check_character_follows_state_code(first14: str, expected: str) -> None:
    assert gstin_check_character(first14) == expected


@pytest.mark.parametrize("bad", ["27AAPFU0939F1", "27AAPFU0939F1Z!", "27aapfu0939f1z"])
def test_check_character_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError, match="14 characters"):
        gstin_check_character(bad)


@pytest.mark.parametrize(
    ("raw", "normalised", "state"),
    [
        ("27AAPFU0939F1ZV", "27AAPFU0939F1ZV", "Maharashtra"),
        ("29AAGCB7383J1Z4", "29AAGCB7383J1Z4", "Karnataka"),
        ("  27aapfu0939f1zv ", "27AAPFU0939F1ZV", "Maharashtra"),
        ("38AAPFU0939F1ZS", "38AAPFU0939F1ZS", "Ladakh"),
    ],
)
def test_valid_gstin_is_normalised(raw: str, normalised: str, state: str) -> None:
    assert validate_gstin(raw) == normalised
    assert gst_state_of(raw) == state


@pytest.mark.parametrize(
    ("gstin", "helpful"),
    [
        ("27AAPFU0939F1ZX", "the last one should be V): check it against the GST registration"),
        ("29AAGCB7383J1Z5", "the last one should be 4)"),
        # Check characters here are right for their prefixes, so only the named part is wrong.
        ("40AAPFU0939F1Z7", "starts with 40, which is not a GST state code"),
        ("00AAPFU0939F1ZB", "starts with 00, which is not a GST state code"),
        ("XXAAPFU0939F1ZV", "starts with XX"),
        ("27AAPXU0939F1ZU", "must be the holder's PAN, but AAPXU0939F has X as its 4th character"),
        ("271APFU0939F1ZV", "must be the holder's PAN, but 1APFU0939F is not in PAN format"),
        ("27AAPFU0939F0ZV", "ends in 0ZV"),
        ("27AAPFU0939F1YV", "ends in 1YV"),
        ("27AAPFU0939F1Z", "has 14 characters; a GSTIN has exactly 15"),
        ("", "has 0 characters"),
    ],
)
def test_invalid_gstin_says_what_is_wrong(gstin: str, helpful: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_gstin(gstin, field="buyer_gstin")
    assert caught.value.field == "buyer_gstin"
    assert caught.value.code == "invalid_gstin"
    assert helpful in caught.value.message


def test_gstin_error_defaults_to_gstin_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_gstin("27AAPFU0939F1ZX")
    assert caught.value.field == "gstin"
    assert caught.value.fields == {"gstin": [caught.value.message]}


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("AAPFU0939F", "AAPFU0939F"), (" aagcb7383j ", "AAGCB7383J"), ("ABCPK1234Z", "ABCPK1234Z")],
)
def test_valid_pan(raw: str, normalised: str) -> None:
    assert validate_pan(raw) == normalised


@pytest.mark.parametrize(
    ("pan", "helpful"),
    [
        ("AAPXU0939F", "has X as its 4th character, which is not a PAN holder type"),
        ("AAPFU0939", "is not in PAN format: 5 letters, 4 digits, 1 letter"),
        ("AAPFU09391", "is not in PAN format"),
        ("1APFU0939F", "is not in PAN format"),
        ("AAPFU0939FF", "is not in PAN format"),
    ],
)
def test_invalid_pan_says_what_is_wrong(pan: str, helpful: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_pan(pan, field="applicant_pan")
    assert caught.value.field == "applicant_pan"
    assert caught.value.code == "invalid_pan"
    assert helpful in caught.value.message


def test_pan_matches_gstin() -> None:
    validate_pan_matches_gstin("aapfu0939f", "27AAPFU0939F1ZV")


def test_pan_not_matching_gstin_is_a_gstin_error() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_pan_matches_gstin("AAGCB7383J", "27AAPFU0939F1ZV")
    assert caught.value.field == "gstin"
    assert "belongs to PAN AAPFU0939F, not to the applicant's PAN AAGCB7383J" in (
        caught.value.message
    )


@pytest.mark.parametrize(
    "cin", ["U27100MH2021PTC123456", "L74899DL1995PLC068747", "u27100mh2021ptc123456 "]
)
def test_valid_cin(cin: str) -> None:
    assert validate_cin(cin) == cin.strip().upper()


@pytest.mark.parametrize(
    ("cin", "helpful"),
    [
        ("U27100ZZ2021PTC123456", "has ZZ as its state code (characters 7-8)"),
        (
            f"U27100MH{today_ist().year + 1}PTC123456",
            f"gives {today_ist().year + 1} as the year of incorporation",
        ),
        ("U27100MH1849PTC123456", "which is not between 1850 and"),
        ("U27100MH2021XYZ123456", "has XYZ as its company type (characters 13-15)"),
        ("X27100MH2021PTC123456", "is not in CIN format"),
        ("U27100MH2021PTC12345", "is not in CIN format"),
    ],
)
def test_invalid_cin_says_what_is_wrong(cin: str, helpful: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_cin(cin, field="company_cin")
    assert caught.value.field == "company_cin"
    assert caught.value.code == "invalid_cin"
    assert helpful in caught.value.message


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


def _chars(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=size, max_size=size)


valid_prefixes = st.tuples(
    st.sampled_from(sorted(GST_STATE_CODES)),
    _chars(LETTERS, 3),
    st.sampled_from(PAN_HOLDER_TYPES),
    _chars(LETTERS, 1),
    _chars(DIGITS, 4),
    _chars(LETTERS, 1),
    st.sampled_from("123456789" + LETTERS),
).map(lambda parts: "".join(parts) + "Z")


@settings(database=None)
@given(prefix=valid_prefixes, other=st.sampled_from(GSTIN_ALPHABET))
def test_appending_the_check_character_gives_a_valid_gstin(prefix: str, other: str) -> None:
    check = gstin_check_character(prefix)
    assert validate_gstin(prefix + check) == prefix + check
    # A single wrong character in the last place is always caught.
    if other != check:
        with pytest.raises(ValidationFailed, match="wrong check character"):
            validate_gstin(prefix + other)
