"""Depth, alias, cost and token limits, configured per deployment and checked before execution.

Depth and aliases are properties of the document: a validation rule checks them, and the
validation cache remembers the answer. The cost depends on the page sizes the variables ask
for, so ``OperationCost`` measures it for every request. Each measure takes each fragment once
per document (``DocumentMeasurer``): checking costs time linear in the document's size, and
validation as a whole stops when its time budget is spent.

The rules are built once per app: the validation cache keys on the rule classes, so rules made
anew for every request would defeat it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSchema, is_interface_type, is_object_type
from graphql.language import DocumentNode, Node, OperationDefinitionNode
from graphql.validation import ASTValidationRule, ValidationContext
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension

from config import Limits
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.document_measure import CostModel, DocumentMeasurer, Measure

LimitRules = tuple[type[ASTValidationRule], ...]

SLOT_FIELDS = frozenset({"availableSlots"})
TOO_COMPLEX = "DOCUMENT_TOO_COMPLEX"


def connection_fields(schema: GraphQLSchema) -> frozenset[str]:
    """Names of the fields that page with ``first``/``last``."""
    names: set[str] = set()
    for named_type in schema.type_map.values():
        if is_object_type(named_type) or is_interface_type(named_type):
            for name, field in named_type.fields.items():
                if "first" in field.args or "last" in field.args:
                    names.add(name)
    return frozenset(names)


def cost_model(schema: GraphQLSchema) -> CostModel:
    return CostModel(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection_fields(schema), SLOT_FIELDS)


def limit_rules(limits: Limits, model: CostModel) -> LimitRules:
    class DocumentLimitsRule(ASTValidationRule):
        """Refuses an operation deeper or more aliased than the limits allow."""

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.measurer = DocumentMeasurer(context.document, model)
            # CPU time of this thread, where validation runs: time the process spent waiting
            # for a core (a loaded machine, a cold start) does not count against a document.
            self.deadline = time.thread_time() + limits.validation_budget_ms / 1000

        def enter(self, node: Node, *_: Any) -> None:
            if time.thread_time() >= self.deadline:
                raise ValidationAbortedError(
                    "The document took too long to validate; send a simpler one.",
                    extensions={"code": TOO_COMPLEX},
                )

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            measure = self.measurer.selection_set(node.selection_set)
            for problem in _shape_problems(measure, limits):
                self.report_error(GraphQLError(problem, node, extensions={"code": TOO_COMPLEX}))

    return (DocumentLimitsRule,)


def _shape_problems(measure: Measure, limits: Limits) -> Iterator[str]:
    if measure.depth > limits.max_depth:
        yield f"The query is {measure.depth} fields deep; at most {limits.max_depth} are allowed."
    if measure.aliases > limits.max_aliases:
        yield (
            f"The query has {measure.aliases} aliases once its fragments are expanded; "
            f"at most {limits.max_aliases} are allowed."
        )


def cost_problems(measure: Measure, limits: Limits) -> Iterator[str]:
    if measure.expensive > limits.max_slot_queries:
        yield (
            f"The query asks for availableSlots {measure.expensive} times (pages "
            f"multiplied); at most {limits.max_slot_queries} are allowed."
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
        yield


class OperationCost(SchemaExtension):
    """Refuses an operation that may resolve more than the cost budget, its pages counted at
    the sizes its variables ask for. After ValidationCache, which replaces the list of
    validation errors."""

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        operation = None if document is None else _operation(document, execution.operation_name)
        if document is not None and operation is not None:
            context = execution.context
            measurer = DocumentMeasurer(document, context.cost_model, execution.variables or {})
            measure = measurer.selection_set(operation.selection_set)
            problems = [
                GraphQLError(problem, operation, extensions={"code": TOO_COMPLEX})
                for problem in cost_problems(measure, context.settings.limits)
            ]
            if problems:
                execution.pre_execution_errors = [
                    *(execution.pre_execution_errors or []),
                    *problems,
                ]
        yield


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [
        definition
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    ]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name and op.name.value == name), None)
