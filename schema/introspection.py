"""Anonymous callers of a production deployment may not explore the schema: no introspection,
and no "Did you mean …?" suggestions in validation errors."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError, Visitor, visit
from graphql.language import DocumentNode, FieldNode
from strawberry.extensions import SchemaExtension

_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
# Names carry no escapes, so an introspection field is in the text as itself; `__typename`
# is not one.
_INTROSPECTION_TEXT = re.compile(r"__(?:schema|type)(?![_0-9A-Za-z])")
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


class _IntrospectionFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_field(self, node: FieldNode, *_: object) -> None:
        if node.name.value in _INTROSPECTION_FIELDS:
            self.found = True


def uses_introspection(document: DocumentNode, query: str | None = None) -> bool:
    """``query``: the document's text, when known; without an introspection name in it, the
    tree walk (on every anonymous request) is not needed."""
    if query is not None and not _INTROSPECTION_TEXT.search(query):
        return False
    finder = _IntrospectionFinder()
    visit(document, finder)
    return finder.found


def _without_suggestion(error: GraphQLError) -> GraphQLError:
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


class AnonymousIntrospectionGuard(SchemaExtension):
    # Not a validation rule: validation results are cached per document, and this
    # decision depends on who is asking.
    def _guarded(self) -> bool:
        context = self.execution_context.context
        return getattr(context, "viewer", None) is None and not context.settings.is_development

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors or not self._guarded():
            return
        # New error objects: the validation cache shares the originals between requests.
        result.errors = [_without_suggestion(error) for error in result.errors]

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and self._guarded() and uses_introspection(document, context.query):
            error = GraphQLError("Introspection is disabled for anonymous callers.")
            context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield
