"""Changing when a user works: weekly hours and date overrides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from tortoise.exceptions import IntegrityError

from models.accounts.permissions import may_change_hours_of, require
from models.accounts.viewer import Viewer
from models.accounts.working_hours import (
    WeeklyRange,
    check_weekly_ranges,
    clock_range_json,
    ranges_to_json,
)
from models.db.tables import DateOverride, User
from models.db.transactions import transaction
from models.errors import InvalidInputError, NotFoundError
from models.validation import FieldErrors
from models.webhooks import events as webhook_events

MAX_RANGES = 50


@dataclass(frozen=True, slots=True)
class TimeRange:
    start: time
    end: time


async def user_whose_hours_change(viewer: Viewer, user_id: int | None) -> User:
    """Members change their own hours; admins anyone's in the organization."""
    if user_id is None or user_id == viewer.user_id:
        return viewer.user
    require(may_change_hours_of(viewer, user_id))
    user = await User.get_or_none(id=user_id, organization_id=viewer.organization_id)
    if user is None:
        raise NotFoundError("No such user.")
    return user


async def set_working_hours(user: User, ranges: list[WeeklyRange]) -> User:
    errors = FieldErrors()
    if len(ranges) > MAX_RANGES:
        errors.add("ranges", f"give at most {MAX_RANGES} ranges")
    check_weekly_ranges(errors, "ranges", ranges)
    errors.raise_if_any()
    user.working_hours = ranges_to_json(ranges)
    async with transaction():
        await User.filter(id=user.id).update(working_hours=user.working_hours)
        await _announce(user)
    return user


def _check_day_ranges(errors: FieldErrors, day: date, ranges: list[TimeRange]) -> None:
    # The same rules as a weekly day, on the date's own weekday so that messages name it.
    weekday = day.isoweekday()
    check_weekly_ranges(errors, "ranges", [WeeklyRange(weekday, r.start, r.end) for r in ranges])


async def add_date_override(user: User, day: date, ranges: list[TimeRange]) -> DateOverride:
    """Replaces any override of the same date. No ranges: a day off."""
    errors = FieldErrors()
    if len(ranges) > MAX_RANGES:
        errors.add("ranges", f"give at most {MAX_RANGES} ranges")
    _check_day_ranges(errors, day, ranges)
    errors.raise_if_any()
    stored = [clock_range_json(r.start, r.end) for r in sorted(ranges, key=lambda r: r.start)]
    async with transaction():
        updated = await DateOverride.filter(user_id=user.id, date=day).update(ranges=stored)
        if not updated:
            try:
                async with transaction():  # a savepoint: the failed insert alone rolls back
                    await DateOverride.create(user_id=user.id, date=day, ranges=stored)
            except IntegrityError:
                raise InvalidInputError.single(
                    "date", "was changed concurrently; try again"
                ) from None
        await _announce(user)
    override = await DateOverride.get(user_id=user.id, date=day)
    return override


async def remove_date_override(viewer: Viewer, override_id: int) -> int:
    query = DateOverride.filter(id=override_id, user__organization_id=viewer.organization_id)
    if not viewer.is_admin:
        query = query.filter(user_id=viewer.user_id)
    async with transaction():
        override = await query.select_related("user").first()
        if override is None or not await DateOverride.filter(id=override.id).delete():
            raise NotFoundError("No such date override.")
        await _announce(override.user)
    return override_id


async def _announce(user: User) -> None:
    """In the change's transaction: live subscribers recompute the free times it touches."""
    await webhook_events.record([webhook_events.availability_event(user, datetime.now(UTC))])
