"""Depth, alias, cost and token limits, configured per deployment and checked before execution.

The validation rules are built once per app: the validation cache keys on the rule classes,
so rules made anew for every request would defeat it. Every rule of ours measures each
fragment once per document (``DocumentMeasurer``), so checking costs time linear in the
document's size, and validation as a whole stops when its time budget is spent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from graphql import GraphQLError, GraphQLSchema, is_interface_type, is_object_type
from graphql.language import Node, OperationDefinitionNode
from graphql.validation import ASTValidationRule, ValidationContext
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension

from config import Limits
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.document_measure import DocumentMeasurer, Measure, PageSizes

LimitRules = tuple[type[ASTValidationRule], ...]

validation_deadline: ContextVar[float | None] = ContextVar("validation_deadline", default=None)


def connection_fields(schema: GraphQLSchema) -> frozenset[str]:
    """Names of the fields that page with ``first``/``last``."""
    names: set[str] = set()
    for named_type in schema.type_map.values():
        if is_object_type(named_type) or is_interface_type(named_type):
            for name, field in named_type.fields.items():
                if "first" in field.args or "last" in field.args:
                    names.add(name)
    return frozenset(names)


def limit_rules(limits: Limits, schema: GraphQLSchema) -> LimitRules:
    page_sizes = PageSizes(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection_fields(schema))

    class DocumentLimitsRule(ASTValidationRule):
        """Refuses an operation deeper, more aliased or costlier than the limits allow."""

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.measurer = DocumentMeasurer(context.document, page_sizes)
            self.deadline = validation_deadline.get()

        def enter(self, node: Node, *_: Any) -> None:
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise ValidationAbortedError(
                    "The document took too long to validate; send a simpler one.",
                    extensions={"code": "DOCUMENT_TOO_COMPLEX"},
                )

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            measure = self.measurer.selection_set(node.selection_set)
            for problem in _problems(measure, limits):
                self.report_error(
                    GraphQLError(problem, node, extensions={"code": "DOCUMENT_TOO_COMPLEX"})
                )

    return (DocumentLimitsRule,)


def _problems(measure: Measure, limits: Limits) -> Iterator[str]:
    if measure.depth > limits.max_depth:
        yield f"The query is {measure.depth} fields deep; at most {limits.max_depth} are allowed."
    if measure.aliases > limits.max_aliases:
        yield (
            f"The query has {measure.aliases} aliases once its fragments are expanded; "
            f"at most {limits.max_aliases} are allowed."
        )
    if measure.cost > limits.max_cost:
        yield (
            f"The query may resolve {measure.cost} fields; at most {limits.max_cost} are "
            "allowed. Ask for smaller pages (first/last) or fewer fields."
        )


class RequestLimits(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        limits: Limits = context.settings.limits
        self.execution_context.parse_options["max_tokens"] = limits.max_tokens
        self.execution_context.validation_rules = (
            *self.execution_context.validation_rules,
            *context.limit_rules,
        )
        deadline = validation_deadline.set(time.monotonic() + limits.validation_budget_ms / 1000)
        try:
            yield
        finally:
            validation_deadline.reset(deadline)
