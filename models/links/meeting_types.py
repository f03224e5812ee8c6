"""Meeting types: what a booking is (name, length, place, buffers). Owned by the organization."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.db.tables import LocationKind, MeetingType
from models.errors import NotFoundError
from models.validation import FieldErrors, clean_name

DURATION_RANGE = (5, 720)
BUFFER_RANGE = (0, 720)


@dataclass(frozen=True, slots=True)
class MeetingTypeFields:
    """For an update, ``None`` leaves a field as it is."""

    name: str | None = None
    duration_minutes: int | None = None
    location_kind: LocationKind | None = None
    location_details: str | None = None
    description: str | None = None
    buffer_before_minutes: int | None = None
    buffer_after_minutes: int | None = None


def _check_range(
    errors: FieldErrors, field: str, value: int | None, bounds: tuple[int, int]
) -> None:
    low, high = bounds
    if value is not None and not low <= value <= high:
        errors.add(field, f"must be between {low} and {high} minutes")


def _cleaned(fields: MeetingTypeFields, errors: FieldErrors) -> MeetingTypeFields:
    _check_range(errors, "durationMinutes", fields.duration_minutes, DURATION_RANGE)
    _check_range(errors, "bufferBeforeMinutes", fields.buffer_before_minutes, BUFFER_RANGE)
    _check_range(errors, "bufferAfterMinutes", fields.buffer_after_minutes, BUFFER_RANGE)
    if fields.location_details is not None and len(fields.location_details) > 500:
        errors.add("locationDetails", "must be at most 500 characters")
    if fields.description is not None and len(fields.description) > 5000:
        errors.add("description", "must be at most 5000 characters")
    name = None if fields.name is None else clean_name(errors, "name", fields.name)
    return MeetingTypeFields(
        name=name,
        duration_minutes=fields.duration_minutes,
        location_kind=fields.location_kind,
        location_details=None
        if fields.location_details is None
        else fields.location_details.strip(),
        description=None if fields.description is None else fields.description.strip(),
        buffer_before_minutes=fields.buffer_before_minutes,
        buffer_after_minutes=fields.buffer_after_minutes,
    )


async def create_meeting_type(organization_id: int, fields: MeetingTypeFields) -> MeetingType:
    errors = FieldErrors()
    for field, value in (
        ("name", fields.name),
        ("durationMinutes", fields.duration_minutes),
        ("locationKind", fields.location_kind),
    ):
        if value is None:
            errors.add(field, "is required")
    cleaned = _cleaned(fields, errors)
    errors.raise_if_any()
    values: dict[str, Any] = {k: v for k, v in _as_dict(cleaned).items() if v is not None}
    return await MeetingType.create(organization_id=organization_id, **values)


async def update_meeting_type(
    organization_id: int, meeting_type_id: int, changes: MeetingTypeFields
) -> MeetingType:
    errors = FieldErrors()
    cleaned = _cleaned(changes, errors)
    errors.raise_if_any()
    meeting_type = await MeetingType.get_or_none(
        id=meeting_type_id, organization_id=organization_id
    )
    if meeting_type is None:
        raise NotFoundError("No such meeting type.")
    changed = {k: v for k, v in _as_dict(cleaned).items() if v is not None}
    for attribute, value in changed.items():
        setattr(meeting_type, attribute, value)
    # One UPDATE statement: atomic without a read-then-write transaction.
    await meeting_type.save(update_fields=[*changed, "updated_at"])
    return meeting_type


def _as_dict(fields: MeetingTypeFields) -> dict[str, object]:
    return {name: getattr(fields, name) for name in MeetingTypeFields.__slots__}
