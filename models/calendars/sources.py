"""A host's own calendar as Slotlink uses it: the times it is busy, and a place to write the
meetings booked with them. One interface, so that other kinds of calendar can follow CalDAV.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

import httpx
from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error

from models.webhooks.urls import UnsafeUrlError, check_destination

Interval = tuple[datetime, datetime]
T = TypeVar("T")


class CalendarUnreadable(Exception):
    """The calendar could not be read or written; the message says why, naming no secret."""


class CalendarRefused(CalendarUnreadable):
    """The calendar server refused the user name or password."""


# Whether an event's UID is one of the meetings Slotlink wrote: those are its own bookings,
# already busy, and must not block the booking they are when it is moved.
OwnEvent = Callable[[str], bool]


def _none_own(_: str) -> bool:
    return False


class CalendarSource(Protocol):
    async def busy(
        self, start: datetime, end: datetime, own_event: OwnEvent = _none_own
    ) -> list[Interval]:
        """Busy intervals overlapping [start, end), in UTC, merged."""

    async def put_event(self, uid: str, calendar_file: bytes) -> None:
        """Creates or replaces the event with this UID."""

    async def delete_event(self, uid: str) -> None:
        """Removes it; an event already gone is not an error."""


@dataclass(frozen=True, slots=True)
class CalDavAccount:
    url: str
    username: str
    password: str = field(repr=False)
    timeout_seconds: float = 15.0
    # Whether the server may be inside our own network (as for webhooks' URLs).
    allow_internal: bool = False


class CalDavCalendar:
    """Reads through the ``caldav`` client, which is synchronous (each read runs in a
    thread) and knows the REPORT queries and their answers; writes are a plain PUT and
    DELETE, sent with ``http`` when given (its connections are kept between writes)."""

    def __init__(self, account: CalDavAccount, http: httpx.AsyncClient | None = None) -> None:
        self.account = account
        self.url = account.url if account.url.endswith("/") else account.url + "/"
        self.http = http

    def _client(self) -> DAVClient:
        return DAVClient(
            url=self.url,
            username=self.account.username,
            password=self.account.password,
            # Named up front: finding it out costs a refused request first, which some
            # servers answer only after a deliberate delay.
            auth_type="basic",
            timeout=int(self.account.timeout_seconds),
            enable_rfc6764=False,
            require_tls=False,
        )

    async def busy(
        self, start: datetime, end: datetime, own_event: OwnEvent = _none_own
    ) -> list[Interval]:
        return await self._run(self._busy, start, end, own_event)

    async def put_event(self, uid: str, calendar_file: bytes) -> None:
        headers = {"content-type": "text/calendar; charset=utf-8"}
        status = await self._write("PUT", uid, calendar_file, headers)
        if status not in {200, 201, 204}:
            raise CalendarUnreadable(f"the calendar server answered HTTP {status} to a PUT")

    async def delete_event(self, uid: str) -> None:
        status = await self._write("DELETE", uid, None, {})
        if status not in {200, 204, 404, 410}:
            raise CalendarUnreadable(f"the calendar server answered HTTP {status} to a DELETE")

    async def _write(
        self, method: str, uid: str, body: bytes | None, headers: dict[str, str]
    ) -> int:
        """Sent to the address that was checked, as webhooks are: a name that resolves
        elsewhere a moment later does not redirect the write."""
        try:
            destination = await check_destination(
                self.url, allow_internal=self.account.allow_internal
            )
        except UnsafeUrlError as refusal:
            raise CalendarUnreadable(f"not written: the URL {refusal}") from None
        auth = httpx.BasicAuth(self.account.username, self.account.password)
        url = destination.url + quote(uid, safe="") + ".ics"
        headers = {**headers, "host": destination.host_header}
        extensions = (
            {} if destination.server_name is None else {"sni_hostname": destination.server_name}
        )
        try:
            if self.http is not None:
                response = await self.http.request(
                    method, url, content=body, headers=headers, auth=auth, extensions=extensions
                )
            else:
                async with httpx.AsyncClient(timeout=self.account.timeout_seconds) as client:
                    response = await client.request(
                        method,
                        url,
                        content=body,
                        headers=headers,
                        auth=auth,
                        extensions=extensions,
                    )
        except httpx.HTTPError as failure:
            raise CalendarUnreadable(
                f"no answer from the calendar server ({type(failure).__name__})"
            ) from None
        if response.status_code in {401, 403}:
            raise CalendarRefused("the calendar server refused the user name or password")
        return response.status_code

    async def _run(self, call: Callable[..., T], *args: Any) -> T:
        try:
            return await asyncio.to_thread(call, *args)
        except caldav_error.AuthorizationError:
            raise CalendarRefused("the calendar server refused the user name or password") from None
        except caldav_error.NotFoundError:
            raise CalendarUnreadable("no calendar at this URL (404)") from None
        except caldav_error.DAVError as failure:
            reason = str(getattr(failure, "reason", "") or type(failure).__name__)
            raise CalendarUnreadable(f"the calendar server answered: {reason[:200]}") from None
        except (OSError, ValueError) as failure:
            raise CalendarUnreadable(
                f"no answer from the calendar server ({type(failure).__name__})"
            ) from None

    def _busy(self, start: datetime, end: datetime, own_event: OwnEvent) -> list[Interval]:
        calendar = self._client().calendar(url=self.url)  # type: ignore[no-untyped-call]
        try:
            events = calendar.search(start=start, end=end, event=True, expand=True)
        except caldav_error.AuthorizationError:
            raise
        except caldav_error.DAVError:
            # A server that cannot search by time: its free-busy answer instead (which
            # cannot tell our own meetings from others).
            answer = calendar.freebusy_request(start, end)
            return merged(
                period
                for component in answer.icalendar_instance.walk("VFREEBUSY")
                for period in _periods(component)
            )
        return merged(
            interval
            for found in events
            for event in [found.icalendar_component]
            if not own_event(str(event.get("uid", "")))
            for interval in event_busy(event)
        )


def _periods(component: Any) -> Iterable[Interval]:
    values = component.get("freebusy")
    if values is None:
        return
    for value in values if isinstance(values, list) else [values]:
        if str(value.params.get("FBTYPE", "BUSY")).upper() == "FREE":
            continue
        periods = value.dt if isinstance(value.dt, list) else [value.dt]
        for period in periods:
            start, finish = period
            if isinstance(finish, timedelta):
                finish = start + finish
            yield start.astimezone(UTC), finish.astimezone(UTC)


def _instant(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    # An all-day event: the whole day, in UTC, which is as much as the server tells.
    return datetime.combine(value, time(0), tzinfo=UTC)


def event_busy(event: Any) -> Iterable[Interval]:
    """An event's busy interval; none for a free (transparent) or cancelled one."""
    if str(event.get("transp", "OPAQUE")).upper() == "TRANSPARENT":
        return
    if str(event.get("status", "")).upper() == "CANCELLED":
        return
    start = event.get("dtstart")
    if start is None:
        return
    end = event.get("dtend")
    begin = _instant(start.dt)
    if end is not None:
        finish = _instant(end.dt)
    elif event.get("duration") is not None:
        finish = begin + event.get("duration").dt
    else:
        finish = begin + (timedelta(days=1) if not isinstance(start.dt, datetime) else timedelta())
    if finish > begin:
        yield begin, finish


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    result: list[Interval] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result
