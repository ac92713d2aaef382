"""The intake's transports to case systems (webhook, email, Open311, file drop), registered
with the delivery contract (portal/delivery.py) under their kind names."""

import importlib
import re
from collections.abc import Mapping
from typing import Any

from portal.delivery import Adapter, AdapterFactory, PermanentError, register_adapter


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
