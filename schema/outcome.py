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
        problems = sorted(set(context.outcomes))
        if result is None or result.errors:
            outcome = "error"
        elif not problems:
            outcome = "ok"
        else:
            outcome = problems[0] if len(problems) == 1 else "several"
        request.state.graphql_operation = operation
        # The log line names every problem; the metric's label stays one of a few values
        # (ok, error, several, or one typed problem), whatever the aliases combine.
        request.state.graphql_outcome = ",".join(problems) if len(problems) > 1 else outcome
        context.metrics.record_request(operation, outcome, time.perf_counter() - started)
