"""Anonymous callers of a production deployment may not introspect the schema."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError, Visitor, visit
from graphql.language import DocumentNode, FieldNode
from strawberry.extensions import SchemaExtension

_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


class _IntrospectionFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_field(self, node: FieldNode, *_: object) -> None:
        if node.name.value in _INTROSPECTION_FIELDS:
            self.found = True


def uses_introspection(document: DocumentNode) -> bool:
    finder = _IntrospectionFinder()
    visit(document, finder)
    return finder.found


class AnonymousIntrospectionGuard(SchemaExtension):
    # Not a validation rule: validation results are cached per document, and this
    # decision depends on who is asking.
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        if (
            document is not None
            and getattr(context, "viewer", None) is None
            and not context.settings.is_development
            and uses_introspection(document)
        ):
            error = GraphQLError("Introspection is disabled for anonymous callers.")
            self.execution_context.pre_execution_errors = [
                *(self.execution_context.pre_execution_errors or []),
                error,
            ]
        yield
