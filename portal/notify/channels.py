"""Outbox destinations for people rather than case systems: the reporter, in the channel and
language they chose, and the duty desk's alert address.

A message says that there is an update on a reference and how to read it; never what the
report said. The caseworker's message text is added only when the council allows it
(NOTIFY_INCLUDE_MESSAGE_TEXT) and the reporter opted in. Texts are Babel-translated templates
in templates/emails/, rendered in the reporter's language.

GOV.UK Notify templates: the email template has subject "((subject))" and body "((body))";
the text message template has body "((body))"."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException
from sqlalchemy import select

from portal.constants import Channel, Role
from portal.delivery import Delivery, DeliveryResult, PermanentError, RetryableError, register_adapter
from portal.extensions import db
from portal.models import Submission, User, utcnow
from portal.notify.smtp import RecipientRefused, send_email

log = logging.getLogger(__name__)


class ContactFailed(PermanentError):
    """The reporter's address or number cannot be used; the duty desk must make contact another way."""


@dataclass(frozen=True)
class ComposedMessage:
    subject: str
    body: str
    sms: str
    language: str


def _status_url() -> str:
    # Built without a request: the worker has none.
    path = current_app.url_map.bind("localhost").build("status.start")
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def compose_update(submission: Submission, message_text: str | None) -> ComposedMessage:
    """Subject, email body and text message in the reporter's language."""
    include = message_text if message_text and _may_include_text(submission) else None
    context = {
        "reference": submission.reference,
        "status_url": _status_url(),
        "message_text": include,
        "service": current_app.config["SERVICE_NAME"],
        "council": current_app.config["COUNCIL_NAME"],
    }
    env = current_app.jinja_env
    with force_locale(submission.language):
        subject = _("Update on reference %(reference)s", reference=submission.reference)
        body = env.get_template("emails/reporter-update.txt").render(**context).strip() + "\n"
        sms = env.get_template("emails/reporter-update-sms.txt").render(**context).strip()
    return ComposedMessage(subject, body, sms, submission.language)


def compose_survey_invitation(submission: Submission) -> ComposedMessage:
    """After closure: there is a short survey and how to reach it; nothing from the report."""
    context = {
        "reference": submission.reference,
        "status_url": _status_url(),
        "service": current_app.config["SERVICE_NAME"],
        "council": current_app.config["COUNCIL_NAME"],
    }
    env = current_app.jinja_env
    with force_locale(submission.language):
        subject = _("A short survey about reference %(reference)s", reference=submission.reference)
        body = env.get_template("emails/survey-invitation.txt").render(**context).strip() + "\n"
        sms = env.get_template("emails/survey-invitation-sms.txt").render(**context).strip()
    return ComposedMessage(subject, body, sms, submission.language)


def _may_include_text(submission: Submission) -> bool:
    return bool(
        current_app.config["NOTIFY_INCLUDE_MESSAGE_TEXT"] and (submission.contact or {}).get("include_message_text")
    )


def _notify_client() -> NotificationsAPIClient:
    return NotificationsAPIClient(current_app.config["NOTIFY_API_KEY"], base_url=current_app.config["NOTIFY_BASE_URL"])


def _classify_notify_error(error: Exception) -> Exception:
    """Notify answers 400 for an address or number it cannot use (the reporter's details are
    wrong); 403 and 404 are our own configuration (key, template) and must not blame them."""
    if isinstance(error, HTTPError):
        status = error.status_code
        if status in (408, 429) or status >= 500:
            return RetryableError(f"Notify {status}")
        if status == 400:
            return ContactFailed(f"Notify {status}")
        return PermanentError(f"Notify {status}")
    return RetryableError(type(error).__name__)


class ReporterChannel:
    """Destination "reporter": reads the current contact details at send time, so a change of
    channel or a withdrawal of contact details takes effect even for queued messages."""

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        submission = db.session.get(Submission, delivery.payload["submission_id"])
        if submission is None:
            raise PermanentError("no such submission")
        channel = submission.channel
        if submission.anonymous or channel not in (Channel.EMAIL, Channel.SMS):
            return DeliveryResult(detail="no automatic message for this channel")
        try:
            return self._send(submission, channel, delivery)
        except ContactFailed:
            self._mark_contact_failed(submission)
            raise

    def _send(self, submission: Submission, channel: str, delivery: Delivery) -> DeliveryResult:
        contact = submission.contact or {}
        address = contact.get("email") if channel == Channel.EMAIL else contact.get("phone")
        if not address:
            raise ContactFailed(f"no {channel} details")
        message = (
            compose_survey_invitation(submission)
            if delivery.payload.get("survey")
            else compose_update(submission, delivery.payload.get("message_text"))
        )
        backend = current_app.config["NOTIFY_BACKEND"]
        if backend == "console":
            log.info("reporter message for %s by %s (console backend, not sent)", submission.reference, channel)
            return DeliveryResult(detail="console")
        if backend == "smtp":
            return self._send_smtp(channel, address, message, delivery)
        return self._send_notify(channel, address, message, delivery)

    @staticmethod
    def _send_smtp(channel: str, address: str, message: ComposedMessage, delivery: Delivery) -> DeliveryResult:
        if channel != Channel.EMAIL:
            raise ContactFailed("text messages need GOV.UK Notify")
        try:
            sent = send_email(
                current_app.config, address, message.subject, message.body, delivery.idempotency_key, message.language
            )
        except RecipientRefused as error:
            raise ContactFailed(error.detail) from error
        return DeliveryResult(external_id=sent)

    @staticmethod
    def _send_notify(channel: str, address: str, message: ComposedMessage, delivery: Delivery) -> DeliveryResult:
        try:
            client = _notify_client()
            if channel == Channel.EMAIL:
                response = client.send_email_notification(
                    email_address=address,
                    template_id=current_app.config["NOTIFY_EMAIL_TEMPLATE_ID"],
                    personalisation={"subject": message.subject, "body": message.body},
                    reference=delivery.idempotency_key,
                )
            else:
                response = client.send_sms_notification(
                    phone_number=address,
                    template_id=current_app.config["NOTIFY_SMS_TEMPLATE_ID"],
                    personalisation={"body": message.sms},
                    reference=delivery.idempotency_key,
                )
        except (HTTPError, RequestException) as error:
            raise _classify_notify_error(error) from error
        return DeliveryResult(external_id=str(response.get("id", "")))

    @staticmethod
    def _mark_contact_failed(submission: Submission) -> None:
        # Shown on the duty desk so a caseworker can make contact another way. The worker
        # commits it with the message's dead state.
        submission.contact_failed_at = utcnow()


class DutyDeskAlert:
    """Destination "duty-desk-alert": failing deliveries, or a storm of failed tracking-code
    look-ups. Written in the council's default language."""

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        to = current_app.config["DUTY_DESK_ALERT_EMAIL"]
        data = dict(delivery.payload)
        service = current_app.config["SERVICE_NAME"]
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            if data.get("kind") == "status_lookup_failures":
                subject = _("[%(service)s] Many tracking-code look-ups are failing", service=service)
            else:
                subject = _(
                    "[%(service)s] Deliveries to %(destination)s are failing",
                    service=service,
                    destination=data.get("destination", ""),
                )
                data["references"] = ", ".join(data.get("references") or []) or "-"
            body = current_app.jinja_env.get_template("emails/duty-desk-alert.txt").render(**data).strip() + "\n"
        if not to:
            log.error("duty desk alert: %s", subject)
            return DeliveryResult(detail="logged")
        return DeliveryResult(external_id=send_email(current_app.config, to, subject, body, delivery.idempotency_key))


class PartnerChannel:
    """Destination "partner": an email to the partner who made the report (or, if they have left,
    the organisation's admins) saying there is an update to read on the dashboard. Written in
    the council's default language; never carries the report or the message."""

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        submission = db.session.get(Submission, delivery.payload["submission_id"])
        if submission is None or submission.organisation_id is None:
            raise PermanentError("no such partner submission")
        recipients = partner_recipients(submission)
        if not recipients:
            return DeliveryResult(detail="no active partner user")
        config = current_app.config
        subject, body = self._compose(submission)
        backend = config["NOTIFY_BACKEND"]
        if backend == "console":
            log.info("partner message for %s (console backend, not sent)", submission.reference)
            return DeliveryResult(detail="console")
        sent = []
        for index, address in enumerate(recipients):
            key = f"{delivery.idempotency_key}:{index}"
            if backend == "smtp":
                sent.append(send_email(config, address, subject, body, key, config["BABEL_DEFAULT_LOCALE"]))
                continue
            try:
                response = _notify_client().send_email_notification(
                    email_address=address,
                    template_id=config["NOTIFY_EMAIL_TEMPLATE_ID"],
                    personalisation={"subject": subject, "body": body},
                    reference=key,
                )
            except (HTTPError, RequestException) as error:
                raise _classify_notify_error(error) from error
            sent.append(str(response.get("id", "")))
        return DeliveryResult(external_id=",".join(sent)[:200])

    @staticmethod
    def _compose(submission: Submission) -> tuple[str, str]:
        """The subject and body, in the council's default language, with the dashboard link."""
        config = current_app.config
        path = current_app.url_map.bind("localhost").build("partners.submission", {"reference": submission.reference})
        with force_locale(config["BABEL_DEFAULT_LOCALE"]):
            subject = _("Update on reference %(reference)s", reference=submission.reference)
            body = (
                current_app.jinja_env.get_template("emails/partner-update.txt")
                .render(
                    reference=submission.reference,
                    url=config["PUBLIC_BASE_URL"].rstrip("/") + path,
                    service=config["SERVICE_NAME"],
                    council=config["COUNCIL_NAME"],
                )
                .strip()
                + "\n"
            )
        return subject, body


def partner_recipients(submission: Submission) -> list[str]:
    """The partner user who sent the report if they are still active there, else the admins."""
    user = db.session.get(User, submission.partner_user_id) if submission.partner_user_id else None
    if user is not None and user.active and user.organisation_id == submission.organisation_id:
        return [user.email]
    admins = db.session.scalars(
        select(User).where(
            User.organisation_id == submission.organisation_id,
            User.role == Role.PARTNER_ADMIN,
            User.active.is_(True),
        )
    )
    return sorted(admin.email for admin in admins)


def _reporter(settings: Mapping[str, Any]) -> ReporterChannel:
    return ReporterChannel()


def _alert(settings: Mapping[str, Any]) -> DutyDeskAlert:
    return DutyDeskAlert()


def _partner(settings: Mapping[str, Any]) -> PartnerChannel:
    return PartnerChannel()


register_adapter("reporter", _reporter)
register_adapter("partner", _partner)
register_adapter("duty-desk-alert", _alert)
