"""Unexpected errors reach the client as "Unexpected error." and a request id; the server log
keeps the exception under the same id. Typed domain errors, validation errors and input
coercion errors pass."""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors

from models.db.problems import OUTAGE_MESSAGES, outage_of
from models.errors import DomainError
from observability.outage_log import outage_log

logger = logging.getLogger("slotlink.errors")


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
        original = error.original_error
        outage = None if original is None else outage_of(original)
        if original is not None and outage is not None:
            # Not the client's fault and not a bug: say so, and that a retry may work.
            outage_log.record(outage, original)
            return GraphQLError(
                OUTAGE_MESSAGES[outage],
                nodes=error.nodes,
                path=error.path,
                extensions={"code": "UNAVAILABLE", "reason": outage.value, "requestId": request_id},
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
