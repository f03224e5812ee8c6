"""Where messages go: an SMTP server (STARTTLS or TLS, with authentication), or, with none
configured, a folder of .eml files that any mail client opens."""

from __future__ import annotations

import asyncio
import os
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import aiosmtplib

from config import MailSettings, SmtpSecurity, SmtpServer


@dataclass(frozen=True, slots=True)
class NotSent(Exception):
    """``permanent``: the server refused for good (no such mailbox); retrying cannot help."""

    reason: str
    permanent: bool = False


class MailSender(Protocol):
    async def send(self, recipient: str, message: str) -> None:
        """Raises ``NotSent``."""


class SmtpSender:
    def __init__(self, server: SmtpServer, sender: str, timeout_seconds: float) -> None:
        self.server = server
        self.sender = sender
        self.timeout_seconds = timeout_seconds
        self._tls = ssl.create_default_context(
            cafile=None if server.ca_file is None else str(server.ca_file)
        )

    async def send(self, recipient: str, message: str) -> None:
        server = self.server
        try:
            await aiosmtplib.send(
                message,
                sender=self.sender,
                recipients=[recipient],
                hostname=server.host,
                port=server.port,
                username=server.username or None,
                password=server.password or None,
                use_tls=server.security is SmtpSecurity.TLS,
                # Required when asked for: never fall back to plain text if it is not offered.
                start_tls=server.security is SmtpSecurity.STARTTLS,
                tls_context=None if server.security is SmtpSecurity.NONE else self._tls,
                timeout=self.timeout_seconds,
            )
        except aiosmtplib.SMTPRecipientsRefused as refused:
            codes = [error.code for error in refused.recipients]
            raise NotSent(
                f"the mail server refused the recipient ({', '.join(map(str, codes))})",
                permanent=all(500 <= code < 600 for code in codes),
            ) from None
        except aiosmtplib.SMTPResponseException as refused:
            raise NotSent(
                f"the mail server answered {refused.code}: {refused.message[:200]}"
            ) from None
        except (aiosmtplib.SMTPException, OSError) as failure:
            raise NotSent(
                f"no answer from the mail server {server.host}:{server.port} "
                f"({type(failure).__name__})"
            ) from None


class FolderSender:
    """Development's default: each message a file, named so that they sort by time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send(self, recipient: str, message: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        safe = "".join(c if c.isalnum() or c in "@._-" else "_" for c in recipient)
        path = self.folder / f"{stamp}-{safe}.eml"
        partial = path.with_suffix(".eml.partial")
        await asyncio.to_thread(partial.write_text, message, encoding="utf-8")
        # Whole or not at all: a reader never sees half a message.
        os.replace(partial, path)


def mail_sender(settings: MailSettings) -> MailSender:
    if settings.smtp is None:
        return FolderSender(settings.folder)
    return SmtpSender(settings.smtp, settings.sender, settings.timeout_seconds)
