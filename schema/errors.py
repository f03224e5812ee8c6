"""Typed problems returned in payload unions, and the handlers that produce them. Every one
implements ``Error``, so a client can select ``... on Error { code message }`` in any union."""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar

import strawberry
from strawberry.relay.types import InvalidGlobalIDError

from models.booking.availability import SlotRefusal
from models.booking.change_policy import ChangeRule
from models.errors import (
    ChangeNotAllowedError,
    ForbiddenError,
    InvalidInputError,
    InviteeNotAllowedError,
    LinkUnavailableError,
    NotFoundError,
    RateLimitedError,
    SlotUnavailableError,
)


@strawberry.enum(description="What went wrong, for a client to branch on.")
class ErrorCode(Enum):
    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    LINK_UNAVAILABLE = "LINK_UNAVAILABLE"
    SLOT_UNAVAILABLE = "SLOT_UNAVAILABLE"
    INVITEE_NOT_ALLOWED = "INVITEE_NOT_ALLOWED"
    CHANGE_NOT_ALLOWED = "CHANGE_NOT_ALLOWED"
    RATE_LIMITED = "RATE_LIMITED"


@strawberry.interface(
    description="A typed problem: `code` to branch on, `message` to show to a person."
)
class Error:
    CODE: ClassVar[ErrorCode]
    message: str

    @strawberry.field(description="What went wrong, for a client to branch on.")
    def code(self) -> ErrorCode:
        return self.CODE


@strawberry.type(description="One input field and what is wrong with it.")
class FieldError:
    field: str = strawberry.field(description="Path of the field, e.g. `invitee.email`.")
    message: str


@strawberry.type(description="The input was rejected; nothing was written.")
class InvalidInput(Error):
    CODE = ErrorCode.INVALID_INPUT
    field_errors: list[FieldError]


@strawberry.type(description="No such object, or not one the caller may see.")
class NotFound(Error):
    CODE = ErrorCode.NOT_FOUND


@strawberry.type(description="The caller may not do this.")
class Forbidden(Error):
    CODE = ErrorCode.FORBIDDEN


@strawberry.enum
class LinkUnavailableReason(Enum):
    USED = "USED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    DISABLED = "DISABLED"
    NOT_FOUND = "NOT_FOUND"
    SINGLE_USE_ONLY = strawberry.enum_value(
        "SINGLE_USE_ONLY",
        description="The link takes bookings only through its personal one-time links.",
    )


@strawberry.type(
    description="The link cannot be booked; the message tells the invitee whom to ask."
)
class LinkUnavailable(Error):
    CODE = ErrorCode.LINK_UNAVAILABLE
    reason: LinkUnavailableReason


SlotUnavailableReason = strawberry.enum(
    SlotRefusal, name="SlotUnavailableReason", description="Why a start time is not offered."
)


@strawberry.type(description="The time is taken or not offered; nothing was booked or spent.")
class SlotUnavailable(Error):
    CODE = ErrorCode.SLOT_UNAVAILABLE
    # Not ``reason``: a union selecting LinkUnavailable's ``reason`` too would conflict.
    slot_reason: SlotRefusal = strawberry.field(graphql_type=SlotUnavailableReason)


@strawberry.type(description="The link is reserved for another invitee.")
class InviteeNotAllowed(Error):
    CODE = ErrorCode.INVITEE_NOT_ALLOWED


ChangeRuleEnum = strawberry.enum(
    ChangeRule,
    name="ChangeRule",
    description=(
        "Which rule refused a change: the meeting was cancelled, or the link's cancel/reschedule "
        "policy (online changes off, too close to the start, rescheduled as often as allowed)."
    ),
)


@strawberry.type(
    description="The booking cannot be changed this way; the message says why and whom to ask."
)
class ChangeNotAllowed(Error):
    CODE = ErrorCode.CHANGE_NOT_ALLOWED
    rule: ChangeRule = strawberry.field(graphql_type=ChangeRuleEnum)


@strawberry.type(description="Too many failed lookups from this address or for this key.")
class RateLimited(Error):
    CODE = ErrorCode.RATE_LIMITED
    retry_after_seconds: int


def _record(info: Any, outcome: str) -> None:
    outcomes = getattr(info.context, "outcomes", None)
    if outcomes is not None:
        outcomes.append(outcome)


class NotFoundHandler(strawberry.ExceptionHandler[NotFoundError, NotFound]):
    def handle(self, exception: NotFoundError, *, field: Any, info: Any) -> NotFound:
        _record(info, "NotFound")
        return NotFound(message=exception.message)


class MalformedIdHandler(strawberry.ExceptionHandler[InvalidGlobalIDError, NotFound]):
    """An ID that does not even decode names nothing, like one of another type."""

    def handle(self, exception: InvalidGlobalIDError, *, field: Any, info: Any) -> NotFound:
        return NotFound(message="Not found.")


class ForbiddenHandler(strawberry.ExceptionHandler[ForbiddenError, Forbidden]):
    def handle(self, exception: ForbiddenError, *, field: Any, info: Any) -> Forbidden:
        _record(info, "Forbidden")
        return Forbidden(message=exception.message)


class InvalidInputHandler(strawberry.ExceptionHandler[InvalidInputError, InvalidInput]):
    def handle(self, exception: InvalidInputError, *, field: Any, info: Any) -> InvalidInput:
        _record(info, "InvalidInput")
        return InvalidInput(
            message="The input is invalid.",
            field_errors=[
                FieldError(field=e.field, message=e.message) for e in exception.field_errors
            ],
        )


class LinkUnavailableHandler(strawberry.ExceptionHandler[LinkUnavailableError, LinkUnavailable]):
    def handle(self, exception: LinkUnavailableError, *, field: Any, info: Any) -> LinkUnavailable:
        _record(info, "LinkUnavailable")
        return LinkUnavailable(
            reason=LinkUnavailableReason(exception.reason), message=exception.message
        )


class SlotUnavailableHandler(strawberry.ExceptionHandler[SlotUnavailableError, SlotUnavailable]):
    def handle(self, exception: SlotUnavailableError, *, field: Any, info: Any) -> SlotUnavailable:
        _record(info, "SlotUnavailable")
        return SlotUnavailable(message=exception.message, slot_reason=SlotRefusal(exception.reason))


class InviteeNotAllowedHandler(
    strawberry.ExceptionHandler[InviteeNotAllowedError, InviteeNotAllowed]
):
    def handle(
        self, exception: InviteeNotAllowedError, *, field: Any, info: Any
    ) -> InviteeNotAllowed:
        _record(info, "InviteeNotAllowed")
        return InviteeNotAllowed(message=exception.message)


class ChangeNotAllowedHandler(strawberry.ExceptionHandler[ChangeNotAllowedError, ChangeNotAllowed]):
    def handle(
        self, exception: ChangeNotAllowedError, *, field: Any, info: Any
    ) -> ChangeNotAllowed:
        _record(info, "ChangeNotAllowed")
        return ChangeNotAllowed(message=exception.message, rule=ChangeRule(exception.rule))


class RateLimitedHandler(strawberry.ExceptionHandler[RateLimitedError, RateLimited]):
    def handle(self, exception: RateLimitedError, *, field: Any, info: Any) -> RateLimited:
        metrics = getattr(info.context, "metrics", None)
        if metrics is not None:
            metrics.rate_limit_refusals.inc()
        _record(info, "RateLimited")
        return RateLimited(
            message=exception.message, retry_after_seconds=exception.retry_after_seconds
        )


def exception_handlers() -> list[strawberry.ExceptionHandler[Any]]:
    return [
        NotFoundHandler(),
        MalformedIdHandler(),
        ForbiddenHandler(),
        InvalidInputHandler(),
        LinkUnavailableHandler(),
        SlotUnavailableHandler(),
        InviteeNotAllowedHandler(),
        ChangeNotAllowedHandler(),
        RateLimitedHandler(),
    ]
