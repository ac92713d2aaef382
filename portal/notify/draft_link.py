"""Destination "draft-link": the email or text message with the link back to answers saved with
"Save and come back later", in the reporter's language.

The outbox row holds a random nonce, not the link: the link's token is derived from the nonce
with the app's secret key when the message is sent, and the draft keeps only the token's keyed
hash. A copy of the database alone therefore opens nothing; and the link alone opens nothing
either, without the email address or phone number it was sent to."""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.constants import Channel
from portal.delivery import Delivery, DeliveryResult, PermanentError, register_adapter
from portal.notify.channels import ComposedMessage, ReporterChannel

DESTINATION = "draft-link"


def new_nonce() -> str:
    return secrets.token_hex(16)


def link_token(nonce: str, secret_key: str) -> str:
    """The token in the link, derived from the outbox row's nonce with the app's secret key."""
    if not secret_key:
        raise ValueError("a secret key is required")
    digest = hmac.new(secret_key.encode(), b"draft-link:" + nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _link(payload: Mapping[str, Any]) -> str:
    token = link_token(str(payload["nonce"]), current_app.config["SECRET_KEY"])
    # In the reporter's language: the link may be opened in a browser that has never been here.
    values = {"token": token, "lang": str(payload.get("language") or "")}
    path = current_app.url_map.bind("localhost").build(str(payload["endpoint"]), values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def compose(payload: Mapping[str, Any]) -> ComposedMessage:
    language = str(payload.get("language") or current_app.config["BABEL_DEFAULT_LOCALE"])
    context = {
        "link": _link(payload),
        "until": str(payload.get("until", "")),
        "service": current_app.config["SERVICE_NAME"],
        "council": current_app.config["COUNCIL_NAME"],
    }
    env = current_app.jinja_env
    with force_locale(language):
        subject = _("Your saved answers")
        body = env.get_template("emails/draft-link.txt").render(**context).strip() + "\n"
        sms = env.get_template("emails/draft-link-sms.txt").render(**context).strip()
    return ComposedMessage(subject, body, sms, language)


class DraftLinkChannel:
    def deliver(self, delivery: Delivery) -> DeliveryResult:
        payload = delivery.payload
        channel, address = payload.get("channel"), payload.get("address")
        if channel not in (Channel.EMAIL, Channel.SMS) or not address:
            raise PermanentError("no address for the saved-answers link")
        message = compose(payload)
        backend = current_app.config["NOTIFY_BACKEND"]
        if backend == "console":
            return DeliveryResult(detail="console")
        if backend == "smtp":
            return ReporterChannel._send_smtp(str(channel), str(address), message, delivery)
        return ReporterChannel._send_notify(str(channel), str(address), message, delivery)


def _draft_link(settings: Mapping[str, Any]) -> DraftLinkChannel:
    return DraftLinkChannel()


register_adapter(DESTINATION, _draft_link)
