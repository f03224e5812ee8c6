"""Typed problems returned in mutation payload unions, and the handlers that produce them."""

from __future__ import annotations

from typing import Any

import strawberry

from models.errors import ForbiddenError, InvalidInputError, NotFoundError


@strawberry.type(description="One input field and what is wrong with it.")
class FieldError:
    field: str = strawberry.field(description="Path of the field, e.g. `invitee.email`.")
    message: str


@strawberry.type(description="The input was rejected; nothing was written.")
class InvalidInput:
    message: str
    field_errors: list[FieldError]


@strawberry.type(description="No such object, or not one the caller may see.")
class NotFound:
    message: str


@strawberry.type(description="The caller may not do this.")
class Forbidden:
    message: str


class NotFoundHandler(strawberry.ExceptionHandler[NotFoundError, NotFound]):
    def handle(self, exception: NotFoundError, *, field: Any, info: Any) -> NotFound:
        return NotFound(message=exception.message)


class ForbiddenHandler(strawberry.ExceptionHandler[ForbiddenError, Forbidden]):
    def handle(self, exception: ForbiddenError, *, field: Any, info: Any) -> Forbidden:
        return Forbidden(message=exception.message)


class InvalidInputHandler(strawberry.ExceptionHandler[InvalidInputError, InvalidInput]):
    def handle(self, exception: InvalidInputError, *, field: Any, info: Any) -> InvalidInput:
        return InvalidInput(
            message="The input is invalid.",
            field_errors=[
                FieldError(field=e.field, message=e.message) for e in exception.field_errors
            ],
        )


def exception_handlers() -> list[strawberry.ExceptionHandler[Any]]:
    return [NotFoundHandler(), ForbiddenHandler(), InvalidInputHandler()]
