"""No text may carry U+0000: PostgreSQL cannot store it, and no name, note or key needs it.
A request that holds one, in the document or its variables, is refused before it runs, alike
on every backend."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError, StringValueNode, Visitor, visit
from graphql.language import DocumentNode
from strawberry.extensions import SchemaExtension

NUL = "\x00"
MESSAGE = "Text may not contain the NUL character (\\u0000)."


class _NulFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: object) -> None:
        if NUL in node.value:
            self.found = True


def document_has_nul(query: str | None, document: DocumentNode) -> bool:
    # A NUL reaches a string value only as itself or through a \u escape: without either in
    # the text, the tree walk (on every request) is not needed.
    if query is not None and NUL not in query and "\\u" not in query:
        return False
    finder = _NulFinder()
    visit(document, finder)
    return finder.found


def value_has_nul(value: object) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(value_has_nul(k) or value_has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(value_has_nul(item) for item in value)
    return False


class NulCharacterGuard(SchemaExtension):
    # After ValidationCache, which replaces the list of validation errors.
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if (document is not None and document_has_nul(context.query, document)) or value_has_nul(
            context.variables
        ):
            context.pre_execution_errors = [
                *(context.pre_execution_errors or []),
                GraphQLError(MESSAGE),
            ]
        yield
