"""The contract between the outbox worker and the transports that carry a payload out.

An adapter turns one `Delivery` into one attempt against one destination. It knows nothing
about the database or Flask: the worker decides when to call it and what to do with the
outcome. `deliver` returns a `DeliveryResult` on success and raises `RetryableError` (try
again later, perhaps after `retry_after` seconds) or `PermanentError` (retrying cannot help;
the message goes dead and a person is alerted).

Error details end up in logs and on the duty desk, so they hold only status codes, exception
class names and host names, never anything taken from the payload.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Delivery:
    message_id: str
    idempotency_key: str
    destination: str
    event: str
    payload: dict[str, Any]
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class DeliveryResult:
    external_id: str | None = None
    detail: str = ""


class DeliveryError(Exception):
    """Base class for a failed delivery attempt; `detail` is safe to log."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class RetryableError(DeliveryError):
    """The destination may accept the same message later."""

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class PermanentError(DeliveryError):
    """Sending the same message again will fail the same way."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


class Adapter(Protocol):
    def deliver(self, delivery: Delivery) -> DeliveryResult: ...


AdapterFactory = Callable[[Mapping[str, Any]], Adapter]

_registry: dict[str, AdapterFactory] = {}


def register_adapter(kind: str, factory: AdapterFactory) -> None:
    """Make `build_adapter(kind, settings)` call `factory(settings)`; a later call replaces it."""
    _registry[kind] = factory


def build_adapter(kind: str, settings: Mapping[str, Any]) -> Adapter:
    """Build the adapter for a destination; raises ValueError for an unknown kind or bad settings."""
    try:
        factory = _registry[kind]
    except KeyError:
        raise ValueError(f"unknown intake adapter kind {kind!r}") from None
    return factory(settings)


def _transport(module_name: str, class_name: str) -> AdapterFactory:
    # Imported on first use so that loading the contract does not pull in requests or
    # smtplib, and so the transport modules can import this one without a cycle.
    def factory(settings: Mapping[str, Any]) -> Adapter:
        module = importlib.import_module(f"{__name__}.{module_name}")
        adapter: Adapter = getattr(module, class_name).from_settings(settings)
        return adapter

    return factory


register_adapter("webhook", _transport("webhook", "WebhookAdapter"))
register_adapter("email", _transport("email", "EmailAdapter"))
register_adapter("open311", _transport("open311", "Open311Adapter"))
register_adapter("filedrop", _transport("filedrop", "FiledropAdapter"))


_SAFE_REFERENCE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,31}")


def submission_reference(payload: Mapping[str, Any]) -> str:
    """The submission reference, checked to be safe in a subject line or a file name."""
    submission = payload.get("submission")
    reference = submission.get("reference") if isinstance(submission, Mapping) else None
    if not isinstance(reference, str) or not _SAFE_REFERENCE.fullmatch(reference):
        raise PermanentError("payload has no usable submission reference")
    return reference
