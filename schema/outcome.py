"""Tells the request log and the metrics which operation ran, how long it took and how it ended."""

from __future__ import annotations

import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension


class OperationOutcome(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context.context
        request = getattr(context, "request", None)
        if request is None:
            return
        result = self.execution_context.result
        operation = self.execution_context.operation_name or "anonymous"
        outcome = "error" if result is None or result.errors else ",".join(context.outcomes) or "ok"
        request.state.graphql_operation = operation
        request.state.graphql_outcome = outcome
        context.metrics.record_request(operation, outcome, time.perf_counter() - started)
