"""A real SMTP server for the tests: aiosmtpd's Controller on a free local port, recording every
message it accepts, or refusing them all with "550" while `refusing` is set; and the app's mail
settings pointed at it."""

from __future__ import annotations

import email
import email.policy
import socket
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from accounts.service import CurrentUser
from services import mail_settings
from storage import users


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage
    raw: bytes


@dataclass
class Handler:
    """aiosmtpd's handler: keeps what it accepts; answers 550 to every recipient while refusing."""

    refusing: bool = False
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            return "550 5.1.1 Skrzynka odbiorcy niedostepna"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, raw))
        return "250 Message accepted for delivery"


class MailServer:
    """start() / stop() a listening server on `port` (chosen free unless given)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.handler = Handler()
        self._controller: Controller | None = None

    def start(self) -> MailServer:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def wait_for(self, count: int = 1, seconds: float = 30) -> list[Received]:
        """The messages received, once there are `count` of them (or the time is up)."""
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return list(self.received)


def use_for_notifications(db, admin_id, port: int, sender: str = "jakosc@grojec.pl") -> None:
    """The app's mail settings, saved by the administrator `admin_id`: this machine's test server
    on `port`, no encryption (allowed for localhost only), no daily digest."""
    mail_settings.save(
        db,
        CurrentUser.from_row(users.get_user(db, admin_id)),
        host="127.0.0.1",
        port=port,
        security="none",
        login=None,
        new_password=None,
        sender=sender,
        digest=False,
        digest_hour=7,
    )
