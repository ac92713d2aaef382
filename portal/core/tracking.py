"""Tracking codes and case references for reports.

Two kinds of code, both in Crockford base32 (``0-9`` and ``A-Z`` without
``I``, ``L``, ``O`` and ``U``, so nothing is mistaken for a digit or spells
a rude word) and both ending in one Luhn mod 32 check symbol:

* **Tracking code** -- the reporter's secret key to the status page.
  17 symbols from :mod:`secrets` (17 x 5 = 85 random bits, above the
  80-bit floor in DESIGN.md) plus one check symbol: 18 symbols shown in
  groups of four, ``XXXX-XXXX-XXXX-XXXX-XX``. It is stored only as an
  HMAC-SHA256 keyed with a server-side pepper, never in the clear.
* **Reference** -- short, not secret, read out over the phone to staff
  and partners: 7 random symbols plus one check symbol, ``XXXX-XXXX``.

The check symbol uses Luhn mod N with N = 32. The doubling step is a
permutation of the 32 symbol values, so every single-symbol substitution
changes the checksum and is caught; every swap of two adjacent, different
symbols is caught too except the pair ``0``/``Z`` (a known blind spot of
Luhn mod N). That lets the form say "check the code" instead of spending
a rate-limited lookup on a typo.

Parsing is lenient because people copy codes from letters, SMS and
handwriting: any case, whitespace, hyphens and dashes anywhere, and the
look-alikes ``O`` -> ``0`` and ``I``/``L`` -> ``1``. ``U`` is never valid.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets

__all__ = [
    "ALPHABET",
    "REFERENCE_LENGTH",
    "TRACKING_CODE_BITS",
    "TRACKING_CODE_LENGTH",
    "TRACKING_CODE_RANDOM_SYMBOLS",
    "CodeProblem",
    "TrackingCodeError",
    "format_tracking_code",
    "hash_resume_code",
    "hash_tracking_code",
    "new_reference",
    "new_resume_code",
    "new_tracking_code",
    "parse_reference",
    "parse_resume_code",
    "parse_tracking_code",
    "tracking_code_matches",
]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE = len(ALPHABET)  # 32
_BITS_PER_SYMBOL = _BASE.bit_length() - 1  # 5
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}

TRACKING_CODE_RANDOM_SYMBOLS = 17
TRACKING_CODE_LENGTH = TRACKING_CODE_RANDOM_SYMBOLS + 1
#: Entropy of a tracking code: only the random symbols count, not the check.
TRACKING_CODE_BITS = TRACKING_CODE_RANDOM_SYMBOLS * _BITS_PER_SYMBOL

REFERENCE_RANDOM_SYMBOLS = 7
REFERENCE_LENGTH = REFERENCE_RANDOM_SYMBOLS + 1

_GROUP = 4
# Far longer than any honest input (a fully spaced-out code is < 40
# characters); refusing early keeps pasted junk cheap to reject.
_MAX_INPUT_CHARS = 100

# What people type between groups: whitespace is handled by str.isspace;
# these are ASCII hyphen, Unicode hyphens, en dash, em dash and minus sign.
_SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")

# Input character -> canonical symbol. Built explicitly (rather than with
# str.upper) so that non-ASCII letters cannot be case-folded into valid ones.
_LENIENT: dict[str, str] = {}
for _symbol in ALPHABET:
    _LENIENT[_symbol] = _symbol
    _LENIENT[_symbol.lower()] = _symbol
for _typed, _meant in (("O", "0"), ("I", "1"), ("L", "1")):
    _LENIENT[_typed] = _meant
    _LENIENT[_typed.lower()] = _meant
del _symbol, _typed, _meant


class CodeProblem(enum.StrEnum):
    """Why a typed code was refused; lets the form give a specific hint."""

    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BAD_CHARACTER = "bad_character"
    CHECK_FAILED = "check_failed"


class TrackingCodeError(ValueError):
    """A typed tracking code or reference could not be accepted."""

    def __init__(self, reason: CodeProblem) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _luhn_addend(value: int, double: bool) -> int:
    """One symbol's contribution: doubled values have their base-32 digits summed."""
    if not double:
        return value
    doubled = value * 2
    return doubled // _BASE + doubled % _BASE


def _check_symbol(payload: str) -> str:
    """Luhn mod 32 check symbol to append to ``payload`` (canonical symbols)."""
    total = 0
    # Rightmost payload symbol is doubled, as it sits next to the check symbol.
    for position, symbol in enumerate(reversed(payload)):
        total += _luhn_addend(_VALUE[symbol], double=position % 2 == 0)
    return ALPHABET[(_BASE - total % _BASE) % _BASE]


def _check_passes(code: str) -> bool:
    """True when the last symbol of ``code`` is the right Luhn mod 32 check."""
    total = 0
    for position, symbol in enumerate(reversed(code)):
        total += _luhn_addend(_VALUE[symbol], double=position % 2 == 1)
    return total % _BASE == 0


def _random_with_check(random_symbols: int) -> str:
    """``random_symbols`` symbols from the OS CSPRNG, then the check symbol."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(random_symbols))
    return payload + _check_symbol(payload)


def _group(canonical: str) -> str:
    return "-".join(canonical[i : i + _GROUP] for i in range(0, len(canonical), _GROUP))


def _is_canonical(text: str, length: int) -> bool:
    return len(text) == length and all(symbol in _VALUE for symbol in text)


def _normalise(text: str, length: int) -> str:
    """Lenient parse shared by tracking codes and references.

    Problems are reported in the order most useful to someone retyping:
    nothing typed, a character that can never appear, wrong length, and
    only then a failed check (the likely typo).
    """
    if len(text) > _MAX_INPUT_CHARS:
        raise TrackingCodeError(CodeProblem.TOO_LONG)
    symbols: list[str] = []
    for char in text:
        if char in _SEPARATORS or char.isspace():
            continue
        symbol = _LENIENT.get(char)
        if symbol is None:
            raise TrackingCodeError(CodeProblem.BAD_CHARACTER)
        symbols.append(symbol)
    if not symbols:
        raise TrackingCodeError(CodeProblem.EMPTY)
    if len(symbols) < length:
        raise TrackingCodeError(CodeProblem.TOO_SHORT)
    if len(symbols) > length:
        raise TrackingCodeError(CodeProblem.TOO_LONG)
    canonical = "".join(symbols)
    if not _check_passes(canonical):
        raise TrackingCodeError(CodeProblem.CHECK_FAILED)
    return canonical


def new_tracking_code() -> str:
    """A fresh tracking code, formatted for display (``XXXX-XXXX-XXXX-XXXX-XX``)."""
    return _group(_random_with_check(TRACKING_CODE_RANDOM_SYMBOLS))


def tracking_code_from_seed(seed: bytes) -> str:
    """The tracking code that a secret seed stands for, formatted for display.

    The seed (at least 32 bytes from ``secrets``) lives only in the reporter's session, so the
    confirmation page can show the code again after a double submit while the server keeps
    nothing but the code's keyed hash. HMAC-SHA256 spreads the seed evenly over the
    ``TRACKING_CODE_BITS`` random bits.
    """
    if len(seed) < 32:
        raise ValueError("the seed must be at least 32 bytes")
    number = int.from_bytes(hmac.new(seed, b"tracking-code", hashlib.sha256).digest(), "big")
    payload = "".join(
        ALPHABET[(number >> (_BITS_PER_SYMBOL * i)) & (_BASE - 1)] for i in range(TRACKING_CODE_RANDOM_SYMBOLS)
    )
    return _group(payload + _check_symbol(payload))


def new_reference() -> str:
    """A fresh case reference, ``XXXX-XXXX``; short enough to read out by phone."""
    return _group(_random_with_check(REFERENCE_RANDOM_SYMBOLS))


def parse_tracking_code(text: str) -> str:
    """Canonical (undashed, upper-case) tracking code from what a person typed.

    Raises :class:`TrackingCodeError` with a :class:`CodeProblem` reason.
    """
    return _normalise(text, TRACKING_CODE_LENGTH)


def parse_reference(text: str) -> str:
    """Canonical reference (``XXXX-XXXX``) from what a person typed or said.

    Raises :class:`TrackingCodeError` with a :class:`CodeProblem` reason.
    """
    return _group(_normalise(text, REFERENCE_LENGTH))


def format_tracking_code(canonical: str) -> str:
    """Display form of a canonical tracking code, in groups of four."""
    if not _is_canonical(canonical, TRACKING_CODE_LENGTH):
        raise ValueError("format_tracking_code expects a canonical tracking code")
    return _group(canonical)


def hash_tracking_code(canonical: str, pepper: str) -> str:
    """HMAC-SHA256 of a canonical code, keyed with the pepper, as hex.

    Keyed so that a leaked database alone cannot be brute-forced back to
    codes. Refuses non-canonical input (a formatted code would hash to
    something no look-up ever matches) and an empty pepper (no key at all).
    """
    if not pepper:
        raise ValueError("a non-empty pepper is required to hash tracking codes")
    if not _is_canonical(canonical, TRACKING_CODE_LENGTH):
        raise ValueError("hash_tracking_code expects a canonical tracking code")
    return hmac.new(pepper.encode(), canonical.encode("ascii"), hashlib.sha256).hexdigest()


def tracking_code_matches(candidate_canonical: str, stored_hash: str, pepper: str) -> bool:
    """Constant-time check of a canonical candidate against a stored hash.

    Never raises for a malformed candidate: unknown and wrong codes must
    look the same to the caller.
    """
    if not pepper:
        raise ValueError("a non-empty pepper is required to hash tracking codes")
    candidate = candidate_canonical.encode("utf-8")
    digest = hmac.new(pepper.encode(), candidate, hashlib.sha256).hexdigest()
    return hmac.compare_digest(digest.encode("ascii"), stored_hash.encode("utf-8"))


# ---- resume codes ---------------------------------------------------------------------------
#
# A resume code opens an unfinished report saved for later. It is a tracking code (same
# generator, same strength, same check symbol) behind the prefix ``R``: 19 symbols, shown as
# ``R-XXXX-XXXX-XXXX-XXXX-XX``, so it is never mistaken for a tracking code (18 symbols) and
# a tracking code typed into the resume form fails on its length. Its keyed hash uses the
# pepper with its own label, so the same symbols never hash to a tracking code's hash.

RESUME_PREFIX = "R"


def new_resume_code() -> str:
    """A fresh resume code, formatted for display (``R-XXXX-XXXX-XXXX-XXXX-XX``)."""
    return f"{RESUME_PREFIX}-{new_tracking_code()}"


def parse_resume_code(text: str) -> str:
    """Canonical resume code (``R`` and 18 symbols) from what a person typed.

    Raises :class:`TrackingCodeError`; the prefix may be typed in either case."""
    stripped = text.lstrip("".join(_SEPARATORS) + " \t\r\n")
    if not stripped:
        raise TrackingCodeError(CodeProblem.EMPTY)
    if stripped[0] not in (RESUME_PREFIX, RESUME_PREFIX.lower()):
        raise TrackingCodeError(CodeProblem.BAD_CHARACTER)
    return RESUME_PREFIX + parse_tracking_code(stripped[1:])


def hash_resume_code(canonical: str, pepper: str) -> str:
    """The keyed hash of a canonical resume code: the tracking code's hash, keyed for resuming."""
    if not canonical.startswith(RESUME_PREFIX):
        raise ValueError("hash_resume_code expects a canonical resume code")
    return hash_tracking_code(canonical[len(RESUME_PREFIX) :], f"resume:{pepper}" if pepper else "")
