"""Field-by-field input checks that report every problem at once."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from models.errors import FieldError, InvalidInputError

# Deliberately permissive: one @, a dot in the domain, no spaces. Deliverability is the
# mail server's business, not ours.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_VALID_ZONES = frozenset(available_timezones())


class FieldErrors:
    def __init__(self) -> None:
        self._errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self._errors.append(FieldError(field, message))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def merge(self, other: FieldErrors) -> None:
        self._errors.extend(other._errors)

    def raise_if_any(self) -> None:
        if self._errors:
            raise InvalidInputError(list(self._errors))


def clean_email(errors: FieldErrors, field: str, value: str) -> str:
    email = value.strip().lower()
    if len(email) > 320 or not _EMAIL.match(email):
        errors.add(field, "must be an email address")
    return email


# Line breaks and other control characters: a name is one line wherever it is written (in a
# message's headers above all, where a line break would start a header of its own).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def clean_name(errors: FieldErrors, field: str, value: str, *, max_length: int = 200) -> str:
    name = value.strip()
    if not name:
        errors.add(field, "must not be empty")
    elif len(name) > max_length:
        errors.add(field, f"must be at most {max_length} characters")
    elif _CONTROL.search(name):
        errors.add(field, "must be one line, without line breaks or control characters")
    return name


def clean_time_zone(errors: FieldErrors, field: str, value: str) -> str:
    zone = value.strip()
    if zone not in _VALID_ZONES:
        errors.add(field, f"{value!r} is not an IANA time zone (e.g. Europe/Berlin)")
        return zone
    try:
        ZoneInfo(zone)
    except ZoneInfoNotFoundError:
        errors.add(field, f"{value!r} is not an IANA time zone (e.g. Europe/Berlin)")
    return zone


def clean_optional_instant(
    errors: FieldErrors, field: str, value: datetime | None
) -> datetime | None:
    return None if value is None else clean_instant(errors, field, value)


def clean_future_instant(
    errors: FieldErrors, field: str, value: datetime | None, now: datetime
) -> datetime | None:
    cleaned = clean_optional_instant(errors, field, value)
    if cleaned is not None and not errors.has(field) and cleaned <= now:
        errors.add(field, "must be in the future")
    return cleaned


def clean_instant(errors: FieldErrors, field: str, value: datetime) -> datetime:
    """Instants are stored in UTC: SQLite compares them as text, so one offset for all."""
    if value.tzinfo is None or value.utcoffset() is None:
        errors.add(field, "must carry a UTC offset, e.g. 2030-01-31T09:00:00+01:00")
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 and 9999-12-31T23:59-01:00 have no UTC instant
        errors.add(field, "is out of range")
        return value.replace(tzinfo=UTC)
