"""Plain SMTP sending with STARTTLS, shared by reporter messages and duty-desk alerts."""

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from portal.delivery import PermanentError, RetryableError


class RecipientRefused(PermanentError):
    """The server refused the address itself: the reporter's details are wrong, not ours."""


def send_email(
    config: Mapping[str, Any], to: str, subject: str, body: str, message_key: str, language: str | None = None
) -> str:
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    # Derived from the outbox key, so a repeat delivery carries the same Message-ID.
    message["Message-ID"] = make_msgid(idstring=message_key.replace(":", "."), domain="portal.invalid")
    message.set_content(body, charset="utf-8")
    if language:
        # After set_content, which replaces every Content-* header.
        message["Content-Language"] = language
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=15) as smtp:
            if config["MAIL_USE_STARTTLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        if all(500 <= code < 600 for code in codes):
            raise RecipientRefused(f"recipient refused ({codes[0]})") from error
        raise RetryableError("recipient temporarily refused") from error
    except smtplib.SMTPResponseException as error:
        if 500 <= error.smtp_code < 600:
            raise PermanentError(f"SMTP {error.smtp_code}") from error
        raise RetryableError(f"SMTP {error.smtp_code}") from error
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise RetryableError(type(error).__name__) from error
    return str(message["Message-ID"])
