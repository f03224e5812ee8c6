"""A host's connected calendar as the API shows it: never its password."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from models.db import tables


@strawberry.enum(description="Whether the last read of the calendar worked.")
class CalendarStatus(Enum):
    OK = "OK"
    FAILING = "FAILING"


@strawberry.type(description="The caller's own calendar, read for busy times (CalDAV).")
class ConnectedCalendar:
    url: str
    username: str
    write_meetings: bool = strawberry.field(
        description="Meetings booked with the caller are also written into this calendar."
    )
    status: CalendarStatus
    last_error: str = strawberry.field(description="Why the last read failed; empty when OK.")
    synced_at: datetime | None = strawberry.field(description="The last good read.")
    trusted_until: datetime | None = strawberry.field(
        description="Until then the caller's free times are offered; a calendar not read again "
        "by then offers none (unless the server is set to offer them anyway)."
    )

    @classmethod
    def from_row(cls, row: tables.HostCalendar) -> ConnectedCalendar:
        return cls(
            url=row.url,
            username=row.username,
            write_meetings=row.write_meetings,
            status=CalendarStatus(row.status.value),
            last_error=row.last_error,
            synced_at=row.synced_at,
            trusted_until=row.trusted_until,
        )
