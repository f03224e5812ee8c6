"""The calendar fields: translation only; models/calendars decides."""

from __future__ import annotations

from models.calendars import connections
from models.calendars.connections import CalendarCredentials
from resolvers.context import Info
from schema.calendars.inputs import ConnectCalendarInput
from schema.calendars.payloads import CalendarConnected, CalendarDisconnected
from schema.calendars.types import ConnectedCalendar


async def my_calendar(info: Info) -> ConnectedCalendar | None:
    viewer = info.context.require_viewer()
    row = await connections.calendar_of(viewer.user.id)
    return None if row is None else ConnectedCalendar.from_row(row)


async def connect_calendar(info: Info, input: ConnectCalendarInput) -> CalendarConnected:
    viewer = info.context.require_viewer()
    row = await connections.connect_calendar(
        viewer.user.id,
        CalendarCredentials(input.url, input.username, input.password, input.write_meetings),
        info.context.settings,
    )
    return CalendarConnected(calendar=ConnectedCalendar.from_row(row))


async def disconnect_calendar(info: Info) -> CalendarDisconnected:
    viewer = info.context.require_viewer()
    return CalendarDisconnected(disconnected=await connections.disconnect_calendar(viewer.user.id))
