"""Expected failures of domain operations; the schema edge turns each into a union member."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    code = "DOMAIN_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    """Also raised for objects of another organization: the two must be indistinguishable."""

    code = "NOT_FOUND"

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(message)


class ForbiddenError(DomainError):
    code = "FORBIDDEN"

    def __init__(self, message: str = "You are not allowed to do this.") -> None:
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class InvalidInputError(DomainError):
    code = "INVALID_INPUT"

    def __init__(self, field_errors: list[FieldError]) -> None:
        assert field_errors, "an InvalidInputError needs at least one field error"
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in field_errors))
        self.field_errors = field_errors

    @classmethod
    def single(cls, field: str, message: str) -> InvalidInputError:
        return cls([FieldError(field, message)])


@dataclass(frozen=True, slots=True)
class RefusedUse:
    """Which single-use link refused a booking, for the owner's log of reuse attempts."""

    organization_id: int
    link_id: int
    single_use_link_id: int


class LinkUnavailableError(DomainError):
    """``reason`` is a status name (USED, EXPIRED, REVOKED, DISABLED) or NOT_FOUND."""

    code = "LINK_UNAVAILABLE"

    def __init__(self, reason: str, message: str, *, refused: RefusedUse | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.refused = refused


class SlotUnavailableError(DomainError):
    """``reason``: a ``models.booking.availability.SlotRefusal`` value."""

    code = "SLOT_UNAVAILABLE"

    def __init__(
        self,
        reason: str = "TAKEN",
        message: str = "This time is no longer available. Please pick another.",
    ) -> None:
        super().__init__(message)
        self.reason = reason


class InviteeNotAllowedError(DomainError):
    """A link locked to its invitee, presented with another email: a refused use too."""

    code = "INVITEE_NOT_ALLOWED"

    def __init__(self, message: str, *, refused: RefusedUse | None = None) -> None:
        super().__init__(message)
        self.refused = refused


class ChangeNotAllowedError(DomainError):
    """A booking cannot be moved or cancelled this way: ``rule`` says which rule refused
    (a ``ChangeRule`` value of models.booking.change_policy)."""

    code = "CHANGE_NOT_ALLOWED"

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule


class RateLimitedError(DomainError):
    code = "RATE_LIMITED"

    def __init__(self, retry_after_seconds: int, what: str = "failed attempts") -> None:
        super().__init__(f"Too many {what} from here. Try again in {retry_after_seconds} seconds.")
        self.retry_after_seconds = retry_after_seconds
