from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from portal.intake.signing import SignatureError, sign, signature_headers, verify

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"fedcba9876543210fedcba9876543210").decode()
MSG_ID = "msg_2mN8aYQ1"
BODY = b'{"stage":"acknowledged"}'
NOW = 1_741_080_000


def headers(secret: str = SECRET, body: bytes = BODY, at: float = NOW) -> dict[str, str]:
    return signature_headers(secret, MSG_ID, body, now=at)


def test_sign_matches_an_independent_hmac() -> None:
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    expected = hmac.new(key, f"{MSG_ID}.{NOW}.".encode() + BODY, hashlib.sha256).digest()

    assert sign(SECRET, MSG_ID, NOW, BODY) == "v1," + base64.b64encode(expected).decode()


def test_signature_headers_carry_id_timestamp_and_signature() -> None:
    assert headers() == {
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(NOW),
        "webhook-signature": sign(SECRET, MSG_ID, NOW, BODY),
    }


def test_valid_signature_returns_the_message_id() -> None:
    assert verify([SECRET], headers(), BODY, now=NOW + 10) == MSG_ID


def test_header_names_are_case_insensitive() -> None:
    shouted = {name.upper(): value for name, value in headers().items()}

    assert verify([SECRET], shouted, BODY, now=NOW) == MSG_ID


def test_raw_secret_without_prefix_is_accepted() -> None:
    raw = "a-plain-shared-secret"

    assert verify([raw], headers(secret=raw), BODY, now=NOW) == MSG_ID


def test_wrong_secret_is_rejected() -> None:
    with pytest.raises(SignatureError) as caught:
        verify([OTHER_SECRET], headers(), BODY, now=NOW)

    assert caught.value.reason == "no matching signature"


def test_timestamp_six_minutes_old_is_rejected() -> None:
    with pytest.raises(SignatureError) as caught:
        verify([SECRET], headers(at=NOW - 360), BODY, now=NOW)

    assert caught.value.reason == "timestamp too old"


def test_timestamp_six_minutes_in_the_future_is_rejected() -> None:
    with pytest.raises(SignatureError) as caught:
        verify([SECRET], headers(at=NOW + 360), BODY, now=NOW)

    assert caught.value.reason == "timestamp too far in the future"


def test_timestamp_just_inside_the_window_is_accepted() -> None:
    assert verify([SECRET], headers(at=NOW - 299), BODY, now=NOW) == MSG_ID


@pytest.mark.parametrize("position", [0, len(BODY) // 2, len(BODY) - 1])
def test_one_flipped_body_byte_is_rejected(position: int) -> None:
    tampered = bytearray(BODY)
    tampered[position] ^= 0x01

    with pytest.raises(SignatureError, match="no matching signature"):
        verify([SECRET], headers(), bytes(tampered), now=NOW)


def test_changed_message_id_is_rejected() -> None:
    forged = headers() | {"webhook-id": "msg_other"}

    with pytest.raises(SignatureError, match="no matching signature"):
        verify([SECRET], forged, BODY, now=NOW)


def test_any_of_several_signatures_may_match() -> None:
    good = sign(SECRET, MSG_ID, NOW, BODY)
    other = sign(OTHER_SECRET, MSG_ID, NOW, BODY)
    several = headers() | {"webhook-signature": f"v1a,ignored {other} {good}"}

    assert verify([SECRET], several, BODY, now=NOW) == MSG_ID


def test_several_signatures_none_matching_are_rejected() -> None:
    other = sign(OTHER_SECRET, MSG_ID, NOW, BODY)
    several = headers() | {"webhook-signature": f"{other} v1,AAAA v2,{other[3:]}"}

    with pytest.raises(SignatureError, match="no matching signature"):
        verify([SECRET], several, BODY, now=NOW)


def test_rotation_accepts_the_old_and_the_new_secret() -> None:
    for sender_secret in (SECRET, OTHER_SECRET):
        assert verify([OTHER_SECRET, SECRET], headers(secret=sender_secret), BODY, now=NOW) == (MSG_ID)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_header_is_rejected(missing: str) -> None:
    incomplete = {name: value for name, value in headers().items() if name != missing}

    with pytest.raises(SignatureError) as caught:
        verify([SECRET], incomplete, BODY, now=NOW)

    assert caught.value.reason == "missing webhook headers"


@pytest.mark.parametrize("timestamp", ["soon", "-5", "1.7e9", "１２３"])
def test_malformed_timestamp_is_rejected(timestamp: str) -> None:
    bad = headers() | {"webhook-timestamp": timestamp}

    with pytest.raises(SignatureError) as caught:
        verify([SECRET], bad, BODY, now=NOW)

    assert caught.value.reason == "invalid timestamp"


def test_no_configured_secret_is_a_configuration_error() -> None:
    with pytest.raises(ValueError):
        verify([], headers(), BODY, now=NOW)


def test_malformed_whsec_secret_is_a_configuration_error() -> None:
    with pytest.raises(ValueError):
        sign("whsec_not*base64", MSG_ID, NOW, BODY)
