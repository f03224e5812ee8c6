"""Connecting a host's calendar: each host connects their own (the password is theirs), the
first read proves the URL and credentials before anything is stored, and the password is kept
sealed (models/sealing.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from config import Settings
from models.booking.calendar_files import is_booking_uid
from models.calendars.sources import (
    CalDavAccount,
    CalDavCalendar,
    CalendarRefused,
    CalendarSource,
    CalendarUnreadable,
)
from models.db.tables import CalendarBusy, CalendarStatus, HostCalendar, User
from models.db.transactions import transaction
from models.errors import InvalidInputError
from models.sealing import seal, unseal
from models.validation import FieldErrors
from models.webhooks import events as webhook_events
from models.webhooks.urls import UnsafeUrlError, check_destination, check_url_shape

PASSWORD_PURPOSE = "calendar password"  # noqa: S105 - a label, not a secret
MAX_URL_LENGTH = 2000
# More busy intervals than any working calendar holds over the horizon; the rest are dropped.
MAX_INTERVALS = 5000


@dataclass(frozen=True, slots=True)
class CalendarCredentials:
    url: str
    username: str
    password: str
    write_meetings: bool


def source_of(
    calendar: HostCalendar, settings: Settings, http: httpx.AsyncClient | None = None
) -> CalendarSource:
    """The one place that knows which kind of source a stored calendar is."""
    password = unseal(settings.server_secret, PASSWORD_PURPOSE, calendar.sealed_password)
    timeout = settings.calendars.timeout_seconds
    account = CalDavAccount(
        calendar.url,
        calendar.username,
        password,
        timeout,
        allow_internal=settings.webhooks_may_reach_internal_urls,
    )
    return CalDavCalendar(account, http)


async def check_reachable(url: str, settings: Settings) -> None:
    """Like a webhook's URL: never an address inside our own network, unless allowed."""
    await check_destination(url, allow_internal=settings.webhooks_may_reach_internal_urls)


def _clean(credentials: CalendarCredentials) -> CalendarCredentials:
    errors = FieldErrors()
    url = credentials.url.strip()
    if len(url) > MAX_URL_LENGTH:
        errors.add("url", f"must be at most {MAX_URL_LENGTH} characters")
    else:
        try:
            url = check_url_shape(url)
        except UnsafeUrlError as refusal:
            errors.add("url", f"the URL {refusal}")
    username = credentials.username.strip()
    if not username or len(username) > 320:
        errors.add("username", "give the user name the calendar server knows (1-320 characters)")
    if not credentials.password or len(credentials.password) > 1000:
        errors.add("password", "give the password or app password (1-1000 characters)")
    errors.raise_if_any()
    return CalendarCredentials(url, username, credentials.password, credentials.write_meetings)


async def connect_calendar(
    user_id: int, given: CalendarCredentials, settings: Settings, *, now: datetime | None = None
) -> HostCalendar:
    """Replaces the host's calendar, if any. Refused, naming the field, when the calendar
    cannot be read with these credentials."""
    now = now or datetime.now(UTC)
    credentials = _clean(given)
    try:
        await check_reachable(credentials.url, settings)
    except UnsafeUrlError as refusal:
        raise InvalidInputError.single("url", f"the URL {refusal}") from None
    source = CalDavCalendar(
        CalDavAccount(
            credentials.url,
            credentials.username,
            credentials.password,
            settings.calendars.timeout_seconds,
        )
    )
    horizon = now + timedelta(days=settings.calendars.horizon_days)
    try:
        busy = await source.busy(now, horizon, lambda uid: is_booking_uid(uid, settings.public_url))
    except CalendarRefused as refusal:
        raise InvalidInputError.single("password", str(refusal)) from None
    except CalendarUnreadable as refusal:
        raise InvalidInputError.single(
            "url", f"the calendar could not be read: {refusal}"
        ) from None
    values = {
        "url": credentials.url,
        "username": credentials.username,
        "sealed_password": seal(settings.server_secret, PASSWORD_PURPOSE, credentials.password),
        "write_meetings": credentials.write_meetings,
        "status": CalendarStatus.OK,
        "last_error": "",
        "synced_at": now,
        "trusted_until": now + timedelta(seconds=settings.calendars.trusted_seconds),
        "next_sync_at": now + timedelta(seconds=settings.calendars.refresh_seconds),
    }
    async with transaction():
        # A write first: on SQLite a transaction that reads first fails under contention.
        await CalendarBusy.filter(user_id=user_id).delete()
        calendar, _ = await HostCalendar.update_or_create(values, user_id=user_id)
        await CalendarBusy.bulk_create(
            [
                CalendarBusy(calendar_id=calendar.id, user_id=user_id, start_at=s, end_at=e)
                for s, e in busy[:MAX_INTERVALS]
            ]
        )
        user = await User.get(id=user_id)
        # Live views of the host's free times refresh, as after a change of hours.
        await webhook_events.record([webhook_events.availability_event(user, now)])
    return calendar


async def disconnect_calendar(user_id: int) -> bool:
    """Its busy times go with it. False when none was connected."""
    async with transaction():
        return await HostCalendar.filter(user_id=user_id).delete() > 0


async def calendar_of(user_id: int) -> HostCalendar | None:
    return await HostCalendar.get_or_none(user_id=user_id)
