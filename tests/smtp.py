"""A real SMTP server on loopback (aiosmtpd) for the tests that follow an email out of the
portal: `smtp_server(handler, **options)` starts one for a test marked `smtp` (and stops it
after); `smtp` starts one with an Inbox and points the app's SMTP settings at it. The Inbox
keeps what arrives and refuses any recipient at `nobody@` (a permanent failure).
Both fixtures are available everywhere (tests/conftest.py loads this module as a plugin)."""

import socket
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import Message
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from tests.services import require_marker


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=default)))
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address.startswith("nobody@"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def smtp_server(request: pytest.FixtureRequest) -> Iterator[Callable[..., Controller]]:
    require_marker(request, "smtp")
    started: list[Controller] = []

    def start(handler: Any, **options: Any) -> Controller:
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def smtp(app: Flask, smtp_server: Callable[..., Controller]) -> Inbox:
    inbox = Inbox()
    controller = smtp_server(inbox)
    app.config.update(
        NOTIFY_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_STARTTLS=False
    )
    return inbox
