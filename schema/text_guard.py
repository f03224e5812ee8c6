"""No text may carry U+0000 or a lone surrogate: PostgreSQL cannot store the first, no encoder
can write the second, and no name, note or key needs either. A request that holds one, in the
document or its variables, is refused before it runs, alike on every backend."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError, StringValueNode, Visitor, visit
from graphql.language import DocumentNode
from strawberry.extensions import SchemaExtension

NUL_MESSAGE = "Text may not contain the NUL character (\\u0000)."
SURROGATE_MESSAGE = "Text may not contain a lone surrogate (\\ud800 to \\udfff)."

_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def problem_in(text: str) -> str | None:
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    return NUL_MESSAGE if found.group() == "\x00" else SURROGATE_MESSAGE


class _TextFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.problem: str | None = None

    def enter_string_value(self, node: StringValueNode, *_: object) -> None:
        self.problem = self.problem or problem_in(node.value)


def problem_in_document(query: str | None, document: DocumentNode) -> str | None:
    # Such a character reaches a string value only as itself or through a \u escape: without
    # either in the text, the tree walk (on every request) is not needed.
    if query is not None and "\\u" not in query and problem_in(query) is None:
        return None
    finder = _TextFinder()
    visit(document, finder)
    return finder.problem


def problem_in_value(value: object) -> str | None:
    """Iterative: variables may nest as deep as the request's JSON allows."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            problem = problem_in(item)
            if problem is not None:
                return problem
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


class ForbiddenTextGuard(SchemaExtension):
    # After ValidationCache, which replaces the list of validation errors.
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        problem = (
            problem_in_document(context.query, document) if document is not None else None
        ) or problem_in_value(context.variables)
        if problem is not None:
            context.pre_execution_errors = [
                *(context.pre_execution_errors or []),
                GraphQLError(problem),
            ]
        yield
