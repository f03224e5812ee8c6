"""Where messages go: an SMTP server (STARTTLS or TLS, with authentication), or, with none
configured, a folder of .eml files that any mail client opens."""

from __future__ import annotations

import asyncio
import os
import ssl
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import aiosmtplib

from background.idle_time import Pause, no_pause
from config import MailSettings, SmtpSecurity, SmtpServer


@dataclass(frozen=True, slots=True)
class NotSent(Exception):
    """``permanent``: the server refused for good (no such mailbox); retrying cannot help."""

    reason: str
    permanent: bool = False


class MailSender(Protocol):
    async def send_all(
        self, messages: Sequence[Outgoing], pause: Pause = no_pause
    ) -> list[NotSent | None]:
        """One result per message, in order: None when it was accepted. ``pause`` comes
        before each message (the caller's chance to let requests go first)."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    recipient: str
    message: str


class SmtpSender:
    """One connection for a batch of messages: connecting, TLS and authentication cost more
    than a message does."""

    def __init__(self, server: SmtpServer, sender: str, timeout_seconds: float) -> None:
        self.server = server
        self.sender = sender
        self.timeout_seconds = timeout_seconds
        self._tls = ssl.create_default_context(
            cafile=None if server.ca_file is None else str(server.ca_file)
        )

    def _client(self) -> aiosmtplib.SMTP:
        server = self.server
        return aiosmtplib.SMTP(
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

    def _unreachable(self, failure: BaseException) -> NotSent:
        return NotSent(
            f"no answer from the mail server {self.server.host}:{self.server.port} "
            f"({type(failure).__name__})"
        )

    async def send_all(
        self, messages: Sequence[Outgoing], pause: Pause = no_pause
    ) -> list[NotSent | None]:
        client = self._client()
        try:
            await client.connect()
        except aiosmtplib.SMTPResponseException as refused:
            # Refused at the greeting, STARTTLS or authentication: the same for every message,
            # and worth retrying (a configuration gets fixed).
            return [replace(_answered(refused), permanent=False)] * len(messages)
        except (aiosmtplib.SMTPException, OSError) as failure:
            return [self._unreachable(failure)] * len(messages)
        results: list[NotSent | None] = []
        try:
            for outgoing in messages:
                await pause()
                try:
                    await client.sendmail(self.sender, [outgoing.recipient], outgoing.message)
                    results.append(None)
                except aiosmtplib.SMTPRecipientsRefused as refused:
                    codes = [error.code for error in refused.recipients]
                    results.append(
                        NotSent(
                            f"the mail server refused the recipient ({', '.join(map(str, codes))})",
                            permanent=all(500 <= code < 600 for code in codes),
                        )
                    )
                except aiosmtplib.SMTPResponseException as refused:
                    results.append(_answered(refused))
                except (aiosmtplib.SMTPException, OSError) as failure:
                    # The connection is gone: this message and the rest wait for a retry.
                    lost = self._unreachable(failure)
                    results += [lost] * (len(messages) - len(results))
                    break
        finally:
            with suppress(aiosmtplib.SMTPException, OSError):
                await client.quit()
            client.close()
        return results


def _answered(refused: aiosmtplib.SMTPResponseException) -> NotSent:
    return NotSent(
        f"the mail server answered {refused.code}: {refused.message[:200]}",
        # 5xx: refused for good (no such mailbox, message rejected); 4xx: try again later.
        permanent=refused.code >= 500,
    )


class FolderSender:
    """Development's default: each message a file, named so that they sort by time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send_all(
        self, messages: Sequence[Outgoing], pause: Pause = no_pause
    ) -> list[NotSent | None]:
        await pause()
        await asyncio.to_thread(self._write_all, messages)
        return [None] * len(messages)

    def _write_all(self, messages: Sequence[Outgoing]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for outgoing in messages:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            safe = "".join(c if c.isalnum() or c in "@._-" else "_" for c in outgoing.recipient)
            path = self.folder / f"{stamp}-{safe}.eml"
            partial = path.with_suffix(".eml.partial")
            partial.write_text(outgoing.message, encoding="utf-8")
            # Whole or not at all: a reader never sees half a message.
            os.replace(partial, path)


def mail_sender(settings: MailSettings) -> MailSender:
    if settings.smtp is None:
        return FolderSender(settings.folder)
    return SmtpSender(settings.smtp, settings.sender, settings.timeout_seconds)
