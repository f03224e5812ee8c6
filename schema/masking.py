"""Unexpected errors reach the client as "Unexpected error." and a request id; the server log
keeps the exception under the same id. Typed domain errors, validation errors and input
coercion errors pass."""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors

from models.db.problems import is_outage
from models.errors import DomainError

logger = logging.getLogger("slotlink.errors")
UNAVAILABLE_MESSAGE = "The service is temporarily unavailable. Try again shortly."


def should_mask(error: GraphQLError) -> bool:
    """Input that cannot be coerced (a malformed global ID, a variable of the wrong type) is the
    client's mistake and is told as such; errors without a path are about the request itself."""
    original = error.original_error
    return (
        original is not None
        and error.path is not None
        and not isinstance(original, DomainError | StrawberryInputCoercionError)
    )


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask, error_message="Unexpected error.")

    def _process_result(self, result: object) -> None:
        # The base class first asks a runtime-checkable protocol, which is slow, on every
        # request; most results have no errors at all.
        if getattr(result, "errors", None):
            super()._process_result(result)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        context = self.execution_context.context
        request_id = getattr(context, "request_id", None) or "unknown"
        if error.original_error is not None and is_outage(error.original_error):
            # Not the client's fault and not a bug: say so, and that a retry may work.
            return GraphQLError(
                UNAVAILABLE_MESSAGE,
                nodes=error.nodes,
                path=error.path,
                extensions={"code": "UNAVAILABLE", "requestId": request_id},
            )
        logger.error(
            "unexpected error in %s (request %s)",
            ".".join(str(p) for p in error.path or ()) or "operation",
            request_id,
            exc_info=error.original_error,
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "UNEXPECTED", "requestId": request_id}
        return masked
