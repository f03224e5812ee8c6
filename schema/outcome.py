"""Tells the request log (and metrics) which operation ran and how it ended."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension


class OperationOutcome(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        request = getattr(context, "request", None)
        if request is None:
            return
        result = self.execution_context.result
        request.state.graphql_operation = self.execution_context.operation_name or "anonymous"
        request.state.graphql_outcome = (
            "error" if result is None or result.errors else ",".join(context.outcomes) or "ok"
        )
