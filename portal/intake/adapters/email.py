"""Send the payload to a mailbox (typically the duty desk) over SMTP.

The subject carries the reference only and the body only routing fields; the answers
themselves travel in the attached JSON, so a mail client's preview or a mail log never
shows report content.
"""

from __future__ import annotations

import hashlib
import json
import os.path
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from portal.delivery import Attachment, Delivery, DeliveryResult, PermanentError, RetryableError
from portal.intake.adapters import submission_reference

DEFAULT_TIMEOUT = 30.0

SUBJECTS = {
    "submission.created": "New submission {reference}",
    "submission.followup": "Follow-up to submission {reference}",
    "submission.contact_changed": "Contact preferences changed for submission {reference}",
    "submission.lead_agency_concern": "Concern about the lead agency on submission {reference}",
}

_DOT_ATOM = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*")


class EmailAdapter:
    def __init__(
        self,
        host: str,
        sender: str,
        to: Sequence[str],
        port: int | None = None,
        starttls: bool = True,
        username: str | None = None,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if not host or not sender or not to:
            raise ValueError("email adapter needs a host, a from address and a to address")
        self.host = host
        self.port = port if port is not None else (587 if starttls else 25)
        self.sender = sender
        self.to = list(to)
        self.starttls = starttls
        self.username = username
        self.password = password
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> EmailAdapter:
        to = settings.get("to") or []
        port = settings.get("port")
        return cls(
            host=settings.get("host", ""),
            port=int(port) if port is not None else None,
            sender=settings.get("from", ""),
            to=[to] if isinstance(to, str) else list(to),
            starttls=bool(settings.get("starttls", True)),
            username=settings.get("username"),
            password=settings.get("password"),
            timeout=float(settings.get("timeout", DEFAULT_TIMEOUT)),
        )

    def build_message(self, delivery: Delivery) -> EmailMessage:
        reference = submission_reference(delivery.payload)
        subject = SUBJECTS.get(delivery.event, "New submission {reference}")
        message = EmailMessage()
        message["Subject"] = subject.format(reference=reference)
        message["From"] = self.sender
        message["To"] = ", ".join(self.to)
        message["Message-ID"] = self._message_id(delivery.idempotency_key)
        message.set_content(summary(delivery, reference))
        document = json.dumps(delivery.payload, sort_keys=True, indent=2, ensure_ascii=False)
        message.add_attachment(
            document.encode(),
            maintype="application",
            subtype="json",
            filename=f"{reference}.json",
        )
        for attachment in delivery.attachments:
            _attach(message, attachment)
        return message

    def _message_id(self, idempotency_key: str) -> str:
        # Same key, same Message-ID: a receiving system can drop the copy a retry produces.
        local = idempotency_key
        if not _DOT_ATOM.fullmatch(local):
            local = hashlib.sha256(idempotency_key.encode()).hexdigest()
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "portal.invalid"
        return f"<{local}.intake@{domain}>"

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        message = self.build_message(delivery)
        try:
            refused = self._send(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise _by_code(min(codes, default=550), "all recipients refused", self.host) from None
        except smtplib.SMTPNotSupportedError:
            # STARTTLS not offered: a misconfigured relay or a downgrade; never send in clear.
            raise PermanentError(f"STARTTLS not offered by {self.host}") from None
        except smtplib.SMTPResponseException as exc:
            raise _by_code(exc.smtp_code, type(exc).__name__, self.host) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise RetryableError(f"{type(exc).__name__} talking to {self.host}") from None
        detail = f"accepted by {self.host}"
        if refused:
            # Others accepted it; retrying would duplicate it for them.
            detail += f", {len(refused)} {'recipient' if len(refused) == 1 else 'recipients'} refused"
        return DeliveryResult(detail=detail)

    def _send(self, message: EmailMessage) -> dict[str, tuple[int, bytes]]:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            return smtp.send_message(message)
        finally:
            # Once the server has accepted the message, a failed QUIT must not turn
            # success into a retry (and a duplicate).
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


def _by_code(code: int, what: str, host: str) -> RetryableError | PermanentError:
    detail = f"SMTP {code} ({what}) from {host}"
    if 400 <= code < 500:
        return RetryableError(detail)
    return PermanentError(detail)


def _attach(message: EmailMessage, attachment: Attachment) -> None:
    maintype, _, subtype = attachment.content_type.partition("/")
    if not maintype or not subtype:
        maintype, subtype = "application", "octet-stream"
    message.add_attachment(
        attachment.data,
        maintype=maintype,
        subtype=subtype,
        filename=os.path.basename(attachment.filename) or "attachment",
    )


def summary(delivery: Delivery, reference: str) -> str:
    """Plain-text body: routing fields only, never answers, names or addresses."""
    submission = delivery.payload.get("submission") or {}
    triage = submission.get("triage") or {}
    risk = submission.get("risk") or {}
    language = submission.get("language") or "not recorded"
    if submission.get("interpreter_needed"):
        language += " (interpreter needed)"
    rows = [
        ("Reference", reference),
        ("Event", delivery.event),
        ("Kind", submission.get("kind")),
        ("Priority", submission.get("priority")),
        ("Risk level", risk.get("level")),
        ("Suggested lead agency", triage.get("lead_agency")),
        ("Assessment due", submission.get("assessment_due")),
        ("Language", language),
    ]
    lines = [f"{label}: {value if value is not None else 'not recorded'}" for label, value in rows]
    return (
        "A submission needs the casework team's attention.\n\n"
        + "\n".join(lines)
        + f"\n\nThe full answers are in the attached file {reference}.json "
        "(JSON, schema portal.intake.v1, described in docs/intake.md).\n"
    )
