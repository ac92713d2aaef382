"""Outbox destinations for people rather than case systems: the reporter, in the channel and
language they chose, and the duty desk's alert address.

A message says that there is an update and how to read it; never what the report said."""

import logging
from collections.abc import Mapping
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException

from portal.constants import Channel
from portal.extensions import db
from portal.intake.adapters import Delivery, DeliveryResult, PermanentError, RetryableError, register_adapter
from portal.models import Submission, utcnow
from portal.notify.smtp import send_email

log = logging.getLogger(__name__)


def compose_update(submission: Submission, message_text: str | None) -> tuple[str, str]:
    """Subject and body in the reporter's language."""
    with force_locale(submission.language):
        status_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("status.start")
        subject = _("Update on reference %(reference)s", reference=submission.reference)
        lines = [
            _("There is an update on reference %(reference)s.", reference=submission.reference),
            "",
            _("To read it, go to %(url)s and enter your tracking code.", url=status_url),
            "",
            _("To keep you safe, we do not put the details of your report in messages."),
        ]
        if message_text and _may_include_text(submission):
            lines[1:1] = ["", message_text]
        lines += ["", _("%(service)s, %(council)s", service=current_app.config["SERVICE_NAME"], council=current_app.config["COUNCIL_NAME"])]
        return subject, "\n".join(lines)


def _may_include_text(submission: Submission) -> bool:
    return bool(current_app.config["NOTIFY_INCLUDE_MESSAGE_TEXT"] and (submission.contact or {}).get("include_message_text"))


def _notify_client() -> NotificationsAPIClient:
    return NotificationsAPIClient(current_app.config["NOTIFY_API_KEY"], base_url=current_app.config["NOTIFY_BASE_URL"])


def _classify_notify_error(error: Exception) -> Exception:
    if isinstance(error, HTTPError):
        status = error.status_code
        if status in (408, 429) or status >= 500:
            return RetryableError(f"Notify {status}")
        return PermanentError(f"Notify {status}")
    return RetryableError(type(error).__name__)


class ReporterChannel:
    """Destination "reporter": reads the current contact details at send time, so a change of
    channel or a withdrawal of contact details takes effect even for queued messages."""

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        submission = db.session.get(Submission, delivery.payload["submission_id"])
        if submission is None:
            raise PermanentError("no such submission")
        contact = submission.contact or {}
        channel = submission.channel
        if submission.anonymous or channel not in (Channel.EMAIL, Channel.SMS):
            return DeliveryResult(detail="no automatic message for this channel")
        subject, body = compose_update(submission, delivery.payload.get("message_text"))
        backend = current_app.config["NOTIFY_BACKEND"]
        try:
            if backend == "console":
                log.info("reporter message for %s by %s (console backend, not sent)", submission.reference, channel)
                return DeliveryResult(detail="console")
            if channel == Channel.EMAIL and backend == "smtp":
                return DeliveryResult(external_id=send_email(current_app.config, contact["email"], subject, body, delivery.idempotency_key))
            client = _notify_client()
            if channel == Channel.EMAIL:
                response = client.send_email_notification(
                    email_address=contact["email"],
                    template_id=current_app.config["NOTIFY_EMAIL_TEMPLATE_ID"],
                    personalisation={"subject": subject, "body": body},
                    reference=delivery.idempotency_key,
                )
            else:
                response = client.send_sms_notification(
                    phone_number=contact["phone"],
                    template_id=current_app.config["NOTIFY_SMS_TEMPLATE_ID"],
                    personalisation={"body": body},
                    reference=delivery.idempotency_key,
                )
            return DeliveryResult(external_id=str(response.get("id", "")))
        except PermanentError:
            self._mark_contact_failed(submission)
            raise
        except (HTTPError, RequestException) as error:
            classified = _classify_notify_error(error)
            if isinstance(classified, PermanentError):
                self._mark_contact_failed(submission)
            raise classified from error

    @staticmethod
    def _mark_contact_failed(submission: Submission) -> None:
        # Shown on the duty desk so a caseworker can make contact another way.
        submission.contact_failed_at = utcnow()
        db.session.commit()


class DutyDeskAlert:
    """Destination "duty-desk-alert": an email naming the failing destination and references."""

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        to = current_app.config["DUTY_DESK_ALERT_EMAIL"]
        data = delivery.payload
        subject = f"[{current_app.config['SERVICE_NAME']}] Deliveries to {data['destination']} are failing"
        body = (
            f"Destination: {data['destination']}\n"
            f"Dead messages: {data['dead']}\n"
            f"Failing for longer than the alert time: {data['failing']}\n"
            f"References: {', '.join(data['references']) or '-'}\n\n"
            "Resend with `flask intake resend` or from the duty desk once the destination works again.\n"
        )
        if not to:
            log.error("duty desk alert: %s", subject)
            return DeliveryResult(detail="logged")
        return DeliveryResult(external_id=send_email(current_app.config, to, subject, body, delivery.idempotency_key))


def _reporter(settings: Mapping[str, Any]) -> ReporterChannel:
    return ReporterChannel()


def _alert(settings: Mapping[str, Any]) -> DutyDeskAlert:
    return DutyDeskAlert()


register_adapter("reporter", _reporter)
register_adapter("duty-desk-alert", _alert)
