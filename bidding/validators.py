"""Checks for Indian registration numbers: GSTIN, PAN and CIN.

RULES:
- R-BID-2 (issue 3): an applicant's registration numbers must be well-formed and consistent
  (the PAN inside the GSTIN is the applicant's PAN).
- R-SLI-8: a buyer's GSTIN in a sales-invoice register must carry the right check character.

Pure functions, no database: each returns the normalised value or raises ``ValidationFailed``
whose message says what is wrong and how to put it right.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from repm_portal.errors import ValidationFailed
from repm_portal.periods import today_ist

GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
GSTIN_RE = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
PAN_RE = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
CIN_RE = re.compile(r"^[LU][0-9]{5}[A-Z]{2}[0-9]{4}[A-Z]{3}[0-9]{6}$")

# Codes 25 and 28 belong to a merged UT and pre-2014 Andhra Pradesh; GSTINs issued under them
# are still in use, so they stay valid.
GST_STATE_CODES: dict[str, str] = {
    "01": "Jammu and Kashmir",
    "02": "Himachal Pradesh",
    "03": "Punjab",
    "04": "Chandigarh",
    "05": "Uttarakhand",
    "06": "Haryana",
    "07": "Delhi",
    "08": "Rajasthan",
    "09": "Uttar Pradesh",
    "10": "Bihar",
    "11": "Sikkim",
    "12": "Arunachal Pradesh",
    "13": "Nagaland",
    "14": "Manipur",
    "15": "Mizoram",
    "16": "Tripura",
    "17": "Meghalaya",
    "18": "Assam",
    "19": "West Bengal",
    "20": "Jharkhand",
    "21": "Odisha",
    "22": "Chhattisgarh",
    "23": "Madhya Pradesh",
    "24": "Gujarat",
    "25": "Daman and Diu",
    "26": "Dadra and Nagar Haveli and Daman and Diu",
    "27": "Maharashtra",
    "28": "Andhra Pradesh (old)",
    "29": "Karnataka",
    "30": "Goa",
    "31": "Lakshadweep",
    "32": "Kerala",
    "33": "Tamil Nadu",
    "34": "Puducherry",
    "35": "Andaman and Nicobar Islands",
    "36": "Telangana",
    "37": "Andhra Pradesh",
    "38": "Ladakh",
    "97": "Other Territory",
    "99": "Centre Jurisdiction",
}

# 4th PAN character: P person, C company, H HUF, F firm/LLP, A AOP, T trust, B BOI,
# L local authority, J artificial juridical person, G government, K krish (other).
PAN_HOLDER_TYPES = "ABCFGHJLPTK"

# Registrar of Companies state abbreviations used in characters 7-8 of a CIN.
# fmt: off
CIN_STATE_CODES = frozenset({
    "AN", "AP", "AR", "AS", "BR", "CH", "CT", "DD", "DL", "DN", "GA", "GJ", "HP",
    "HR", "JH", "JK", "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL",
    "OR", "PB", "PY", "RJ", "SK", "TG", "TN", "TR", "UP", "UR", "UT", "WB",
})
# fmt: on
CIN_COMPANY_TYPES = frozenset(
    {"PLC", "PTC", "GOI", "SGC", "FLC", "FTC", "GAP", "GAT", "NPL", "ULL", "ULT", "OPC"}
)
CIN_FIRST_YEAR = 1850


def _normalise(value: str) -> str:
    # Applicants paste numbers from PDFs and type them in lower case; neither should be an error.
    return value.strip().upper()


def gstin_check_character(first14: str) -> str:
    """The 15th GSTIN character for the first 14, per the GSTN algorithm (Luhn mod 36)."""
    if len(first14) != 14 or any(ch not in GSTIN_ALPHABET for ch in first14):
        raise ValueError(f"expected 14 characters from 0-9/A-Z, got {first14!r}")
    total = 0
    for i, ch in enumerate(first14):
        product = GSTIN_ALPHABET.index(ch) * (1 if i % 2 == 0 else 2)
        total += product // 36 + product % 36
    return GSTIN_ALPHABET[(36 - total % 36) % 36]


def _pan_problem(pan: str) -> str | None:
    if not PAN_RE.fullmatch(pan):
        return _(
            "%(pan)s is not in PAN format: 5 letters, 4 digits, 1 letter (e.g. AAPFU0939F)."
        ) % {"pan": pan}
    if pan[3] not in PAN_HOLDER_TYPES:
        return _(
            "%(pan)s has %(letter)s as its 4th character, which is not a PAN holder type "
            "(one of %(types)s): check it against the PAN card."
        ) % {"pan": pan, "letter": pan[3], "types": ", ".join(PAN_HOLDER_TYPES)}
    return None


def validate_pan(value: str, *, field: str = "pan") -> str:
    pan = _normalise(value)
    problem = _pan_problem(pan)
    if problem:
        raise ValidationFailed(problem, field=field, code="invalid_pan")
    return pan


def validate_gstin(value: str, *, field: str = "gstin") -> str:
    gstin = _normalise(value)

    def fail(message: str) -> ValidationFailed:
        return ValidationFailed(message, field=field, code="invalid_gstin")

    if len(gstin) != 15:
        raise fail(
            _(
                "GSTIN %(gstin)s has %(count)d characters; a GSTIN has exactly 15 "
                "(e.g. 27AAPFU0939F1ZV)."
            )
            % {"gstin": gstin, "count": len(gstin)}
        )
    if gstin[:2] not in GST_STATE_CODES:
        raise fail(
            _(
                "GSTIN %(gstin)s starts with %(code)s, which is not a GST state code "
                "(01-38, 97 or 99): check the first two digits against the GST registration "
                "certificate."
            )
            % {"gstin": gstin, "code": gstin[:2]}
        )
    pan_problem = _pan_problem(gstin[2:12])
    if pan_problem:
        raise fail(
            _("Characters 3-12 of GSTIN %(gstin)s must be the holder's PAN, but %(problem)s")
            % {"gstin": gstin, "problem": pan_problem}
        )
    # State code and PAN are known good here, so only the last three characters can be wrong.
    if not GSTIN_RE.fullmatch(gstin):
        raise fail(
            _(
                "GSTIN %(gstin)s ends in %(tail)s, but the last three characters must be the "
                "registration number (1-9 or A-Z), the letter Z and a check character "
                "(e.g. 1ZV)."
            )
            % {"gstin": gstin, "tail": gstin[12:]}
        )
    expected = gstin_check_character(gstin[:14])
    if gstin[14] != expected:
        raise fail(
            _(
                "GSTIN %(gstin)s has a wrong check character (the last one should be "
                "%(expected)s): check it against the GST registration certificate."
            )
            % {"gstin": gstin, "expected": expected}
        )
    return gstin


def gst_state_of(gstin: str) -> str:
    """The state or UT that issued a GSTIN (validating it first)."""
    return GST_STATE_CODES[validate_gstin(gstin)[:2]]


def validate_pan_matches_gstin(pan: str, gstin: str) -> None:
    pan, gstin = _normalise(pan), _normalise(gstin)
    if gstin[2:12] != pan:
        raise ValidationFailed(
            _(
                "GSTIN %(gstin)s belongs to PAN %(gstin_pan)s, not to the applicant's PAN "
                "%(pan)s: give the GSTIN registered under the applicant's own PAN."
            )
            % {"gstin": gstin, "gstin_pan": gstin[2:12], "pan": pan},
            field="gstin",
            code="pan_gstin_mismatch",
        )


def validate_cin(value: str, *, field: str = "cin") -> str:
    cin = _normalise(value)

    def fail(message: str) -> ValidationFailed:
        return ValidationFailed(message, field=field, code="invalid_cin")

    if not CIN_RE.fullmatch(cin):
        raise fail(
            _(
                "%(cin)s is not in CIN format: L or U, 5-digit industry code, 2-letter state, "
                "4-digit year, 3-letter company type, 6-digit number "
                "(21 characters, e.g. U27100MH2021PTC123456)."
            )
            % {"cin": cin}
        )
    state, year, kind = cin[6:8], int(cin[8:12]), cin[12:15]
    if state not in CIN_STATE_CODES:
        raise fail(
            _(
                "CIN %(cin)s has %(state)s as its state code (characters 7-8), which is not a "
                "Registrar of Companies state: check it against the certificate of incorporation."
            )
            % {"cin": cin, "state": state}
        )
    # The year is checked at call time, not import time, so a long-running worker stays right.
    this_year = today_ist().year
    if not CIN_FIRST_YEAR <= year <= this_year:
        raise fail(
            _(
                "CIN %(cin)s gives %(year)d as the year of incorporation (characters 9-12), "
                "which is not between %(first)d and %(last)d: check it against the certificate "
                "of incorporation."
            )
            % {"cin": cin, "year": year, "first": CIN_FIRST_YEAR, "last": this_year}
        )
    if kind not in CIN_COMPANY_TYPES:
        raise fail(
            _(
                "CIN %(cin)s has %(kind)s as its company type (characters 13-15), which is not "
                "one of %(kinds)s: check it against the certificate of incorporation."
            )
            % {"cin": cin, "kind": kind, "kinds": ", ".join(sorted(CIN_COMPANY_TYPES))}
        )
    return cin
