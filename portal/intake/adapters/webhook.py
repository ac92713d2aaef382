"""POST the payload as signed JSON to the case system (Standard Webhooks headers).

The retry classification here is shared with the Open311 adapter: connection errors,
timeouts, 408, 429 and 5xx may succeed later; any other non-2xx answer will not.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

from portal.delivery import Delivery, DeliveryResult, PermanentError, RetryableError
from portal.intake.signing import signature_headers

DEFAULT_TIMEOUT = 10.0
RETRYABLE_STATUSES = frozenset({408, 429})


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed and sent."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def host_of(url: str) -> str:
    return urlsplit(url).hostname or "unknown host"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Parse a Retry-After header: delta-seconds or an HTTP-date; None if absent or invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def check_response(response: requests.Response, host: str) -> None:
    """Raise the right DeliveryError for a non-2xx response."""
    status = response.status_code
    if 200 <= status < 300:
        return
    detail = f"HTTP {status} from {host}"
    if status in RETRYABLE_STATUSES or status >= 500:
        raise RetryableError(detail, retry_after_seconds(response.headers.get("Retry-After")))
    # 3xx lands here too: redirects are not followed, as that would drop or replay the body.
    raise PermanentError(detail)


def request_failure(exc: requests.RequestException, host: str) -> RetryableError:
    # The exception itself is not chained: requests attaches the prepared request, body included.
    return RetryableError(f"{type(exc).__name__} talking to {host}")


class WebhookAdapter:
    def __init__(
        self,
        url: str,
        secret: str,
        timeout: float = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        if not url or not secret:
            raise ValueError("webhook adapter needs a url and a secret")
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self.host = host_of(url)
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> WebhookAdapter:
        return cls(
            url=settings.get("url", ""),
            secret=settings.get("secret", ""),
            timeout=float(settings.get("timeout", DEFAULT_TIMEOUT)),
        )

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        body = encode_payload(delivery.payload)
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": delivery.idempotency_key,
            **signature_headers(self.secret, delivery.message_id, body),
        }
        try:
            response = self.session.post(
                self.url,
                data=body,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise request_failure(exc, self.host) from None
        check_response(response, self.host)
        return DeliveryResult(
            external_id=_case_id(response),
            detail=f"HTTP {response.status_code} from {self.host}",
        )


def _case_id(response: requests.Response) -> str | None:
    try:
        answer = response.json()
    except ValueError:
        return None
    if isinstance(answer, dict):
        case_id = answer.get("case_id")
        if isinstance(case_id, (str, int)) and not isinstance(case_id, bool) and case_id != "":
            return str(case_id)
    return None
