"""Depth, alias and token limits, configured per deployment and checked before execution.

The validation rules are built once per app: the validation cache keys on the rule classes,
so rules made anew for every request would defeat it.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql.validation import ASTValidationRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension

from config import Limits

LimitRules = tuple[type[ASTValidationRule], ...]


def limit_rules(limits: Limits) -> LimitRules:
    return (
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
    )


class RequestLimits(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        self.execution_context.parse_options["max_tokens"] = context.settings.limits.max_tokens
        self.execution_context.validation_rules = (
            *self.execution_context.validation_rules,
            *context.limit_rules,
        )
        yield
