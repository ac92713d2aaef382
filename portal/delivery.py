"""The contract between the outbox worker and the transports that carry a payload out: the
intake's adapters to case systems and the reporter's channels (portal/notify/) both implement
it, so neither has to import the other; the app factory registers the channels.

An adapter turns one `Delivery` into one attempt against one destination. It knows nothing
about the database or Flask: the worker decides when to call it and what to do with the
outcome. `deliver` returns a `DeliveryResult` on success and raises `RetryableError` (try
again later, perhaps after `retry_after` seconds) or `PermanentError` (retrying cannot help;
the message goes dead and a person is alerted).

Error details end up in logs and on the duty desk, so they hold only status codes, exception
class names and host names, never anything taken from the payload.
"""

from __future__ import annotations

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
