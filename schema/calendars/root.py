"""Root fields of the calendars domain: each host connects their own calendar."""

from __future__ import annotations

import strawberry

from resolvers import calendars as resolve
from schema.calendars.payloads import ConnectCalendarResult, DisconnectCalendarResult
from schema.calendars.types import ConnectedCalendar


@strawberry.type
class CalendarsQuery:
    my_calendar: ConnectedCalendar | None = strawberry.field(
        resolver=resolve.my_calendar,
        description="The caller's connected calendar; null when none is.",
    )


@strawberry.type
class CalendarsMutation:
    connect_calendar: ConnectCalendarResult = strawberry.mutation(
        resolver=resolve.connect_calendar,
        description="Reads the calendar once to check the URL and credentials, then keeps "
        "reading it for busy times. Replaces the caller's calendar, if any.",
    )
    disconnect_calendar: DisconnectCalendarResult = strawberry.mutation(
        resolver=resolve.disconnect_calendar
    )
