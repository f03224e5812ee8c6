"""Members and admins of an organization."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tortoise.exceptions import IntegrityError

from models.accounts.working_hours import default_working_hours, ranges_to_json
from models.db.tables import Role, User
from models.db.transactions import transaction
from models.errors import InvalidInputError, NotFoundError
from models.validation import FieldErrors, clean_email, clean_name, clean_time_zone

DEFAULT_TIME_ZONE = "UTC"


@dataclass(frozen=True, slots=True)
class NewUser:
    email: str
    name: str
    time_zone: str = DEFAULT_TIME_ZONE

    def cleaned(self, errors: FieldErrors, field_prefix: str = "") -> NewUser:
        return NewUser(
            email=clean_email(errors, f"{field_prefix}email", self.email),
            name=clean_name(errors, f"{field_prefix}name", self.name),
            time_zone=clean_time_zone(errors, f"{field_prefix}timeZone", self.time_zone),
        )


@dataclass(frozen=True, slots=True)
class UserChanges:
    name: str | None = None
    email: str | None = None
    time_zone: str | None = None
    role: Role | None = None


async def insert_user(organization_id: int, new_user: NewUser, *, role: Role) -> User:
    """Insert an already cleaned user; a taken email becomes a field error."""
    try:
        async with transaction():
            return await User.create(
                organization_id=organization_id,
                email=new_user.email,
                name=new_user.name,
                time_zone=new_user.time_zone,
                role=role,
                working_hours=ranges_to_json(default_working_hours()),
            )
    except IntegrityError:
        raise InvalidInputError.single(
            "email", "a user with this email already exists in the organization"
        ) from None


async def create_user(organization_id: int, new_user: NewUser, *, role: Role) -> User:
    errors = FieldErrors()
    cleaned = new_user.cleaned(errors)
    errors.raise_if_any()
    return await insert_user(organization_id, cleaned, role=role)


async def get_user(organization_id: int, user_id: int) -> User:
    user = await User.get_or_none(id=user_id, organization_id=organization_id)
    if user is None:
        raise NotFoundError("No such user.")
    return user


async def update_user(organization_id: int, user_id: int, changes: UserChanges) -> User:
    errors = FieldErrors()
    cleaned = replace(
        changes,
        name=None if changes.name is None else clean_name(errors, "name", changes.name),
        email=None if changes.email is None else clean_email(errors, "email", changes.email),
        time_zone=None
        if changes.time_zone is None
        else clean_time_zone(errors, "timeZone", changes.time_zone),
    )
    errors.raise_if_any()
    user = await get_user(organization_id, user_id)
    demoting = cleaned.role is not None and cleaned.role is not Role.ADMIN and user.is_admin
    for attribute in ("name", "email", "time_zone", "role"):
        value = getattr(cleaned, attribute)
        if value is not None:
            setattr(user, attribute, value)
    try:
        async with transaction():
            if demoting:
                await _lock_admins(organization_id)
                await _ensure_another_admin_remains(organization_id, user_id)
            await user.save()
    except IntegrityError:
        raise InvalidInputError.single(
            "email", "a user with this email already exists in the organization"
        ) from None
    return user


async def _lock_admins(organization_id: int) -> None:
    """A no-op write on the admins' rows as the transaction's first statement: two admins
    demoting each other at once then run one after the other (row locks on PostgreSQL, the
    write lock on SQLite), so the second sees the first's change."""
    await User.filter(organization_id=organization_id, role=Role.ADMIN).update(role=Role.ADMIN)


async def _ensure_another_admin_remains(organization_id: int, user_id: int) -> None:
    others = (
        await User.filter(organization_id=organization_id, role=Role.ADMIN)
        .exclude(id=user_id)
        .count()
    )
    if others == 0:
        raise InvalidInputError.single("role", "an organization must keep at least one admin")
