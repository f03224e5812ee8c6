"""`slotlink background`: the jobs without the API, for web processes that run with
SLOTLINK_BACKGROUND=false. A booking made through such a web process is confirmed by mail
only once a background process runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.booking_factories import STANDARD_KEY, at, create_booking_team, upcoming_monday
from tests.support.databases import Backend
from tests.support.live_server import ROOT, graphql, live_server

pytestmark = pytest.mark.slow

BOOK = """
mutation ($key: String!, $start: DateTime!) {
  bookMeeting(input: {key: $key, start: $start,
      invitee: {name: "Iris Invitee", email: "iris@prospect.test"}}) { __typename }
}
"""


def _messages(folder: Path, expected: int, within: float) -> int:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = len(list(folder.glob("*.eml")))
        if found >= expected:
            return found
        time.sleep(0.1)
    return len(list(folder.glob("*.eml")))


def _background(database_url: str, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "background", "--log-level", "warning"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "SLOTLINK_PUBLIC_URL": "https://slotlink.test",
            **environment,
        },
    )


async def test_web_processes_without_jobs_leave_them_to_a_background_process(
    db: Backend, tmp_path: Path
) -> None:
    # given
    await create_booking_team()
    mail = tmp_path / "mail"
    environment = {
        "SLOTLINK_SEND_EMAIL": "true",
        "SLOTLINK_MAIL_DIR": str(mail),
        "SLOTLINK_MAIL_POLL_SECONDS": "0.1",
    }
    start = at(upcoming_monday(), "09:00").isoformat()
    with live_server(
        db.url, workers=1, environment={**environment, "SLOTLINK_BACKGROUND": "false"}
    ) as base:
        # when
        booked = graphql(base, BOOK, {"key": STANDARD_KEY, "start": start})
        # then: the booking is made, and no message is
        assert booked["bookMeeting"]["__typename"] == "BookingConfirmed"
        assert _messages(mail, 1, within=2.0) == 0
        # when
        jobs = _background(db.url, environment)
        try:
            # then: the invitee's and both hosts' messages
            assert _messages(mail, 3, within=20.0) == 3
        finally:
            jobs.terminate()
            assert jobs.wait(timeout=15) == 0
