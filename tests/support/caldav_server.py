"""A real CalDAV server for the tests: Radicale in a subprocess on its own port, with one
user, and helpers that act as the host's other calendar apps do (add an event, look at what
is there)."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from caldav.davclient import DAVClient

from tests.support.live_server import free_port

USER, PASSWORD = "hana", "app-password-1"


@dataclass(frozen=True, slots=True)
class CalDavServer:
    base_url: str
    pid: int

    def client(self) -> DAVClient:
        return DAVClient(url=self.base_url, username=USER, password=PASSWORD, auth_type="basic")

    def new_calendar(self) -> str:
        """A fresh, empty calendar of the user; its URL."""
        name = uuid.uuid4().hex[:12]
        principal = self.client().principal()  # type: ignore[no-untyped-call]
        calendar = principal.make_calendar(name=name, cal_id=name)
        return str(calendar.url)

    def add_event(self, calendar_url: str, start: datetime, end: datetime, **extra: str) -> str:
        uid = f"{uuid.uuid4()}@elsewhere.test"
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Elsewhere//EN",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
            "SUMMARY:Dentist",
            *(f"{key.upper()}:{value}" for key, value in extra.items()),
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        response = self.client().put(
            f"{calendar_url}{uid}.ics", "\r\n".join(lines), {"Content-Type": "text/calendar"}
        )
        assert response.status in {201, 204}, response.status
        return uid

    def events(self, calendar_url: str) -> dict[str, bytes]:
        """Every event object in the calendar, by file name."""
        calendar = self.client().calendar(url=calendar_url)  # type: ignore[no-untyped-call]
        return {
            str(found.url).rsplit("/", 1)[-1]: found.data.encode() for found in calendar.events()
        }


@contextmanager
def caldav_server(folder: Path) -> Iterator[CalDavServer]:
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            f"--storage-filesystem-folder={folder / 'collections'}",
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={users}",
            "--auth-htpasswd-encryption=plain",
            f"--server-hosts=127.0.0.1:{port}",
            "--logging-level=warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/{USER}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/.web/", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("Radicale did not start") from None
                time.sleep(0.1)
        yield CalDavServer(base, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)
