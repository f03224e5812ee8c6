"""Inputs of the calendar mutations."""

from __future__ import annotations

import strawberry


@strawberry.input
class ConnectCalendarInput:
    url: str = strawberry.field(
        description="The calendar collection's CalDAV URL, e.g. "
        "https://calendar.example.com/ada/meetings/"
    )
    username: str
    password: str = strawberry.field(
        description="The password or an app password; stored encrypted and never shown again."
    )
    write_meetings: bool = strawberry.field(
        default=False, description="Also write the meetings booked with you into it."
    )
