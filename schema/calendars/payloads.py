"""Results of the calendar mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.calendars.types import ConnectedCalendar
from schema.errors import Forbidden, InvalidInput


@strawberry.type
class CalendarConnected:
    calendar: ConnectedCalendar


@strawberry.type
class CalendarDisconnected:
    disconnected: bool = strawberry.field(description="False when none was connected.")


ConnectCalendarResult = Annotated[
    CalendarConnected | InvalidInput | Forbidden, strawberry.union("ConnectCalendarResult")
]
DisconnectCalendarResult = Annotated[
    CalendarDisconnected | Forbidden, strawberry.union("DisconnectCalendarResult")
]
