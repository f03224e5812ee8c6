"""The GraphQL schema: each domain's root fields, inherited into one Query and Mutation."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import MaskErrors, ParserCache, ValidationCache

from models.errors import DomainError
from resolvers.nodes import resolve_node
from schema.bookings.root import BookingsMutation, BookingsQuery
from schema.bookings.types import Booking
from schema.errors import exception_handlers
from schema.introspection import AnonymousIntrospectionGuard
from schema.links.root import LinksMutation, LinksQuery
from schema.logs.root import LogsQuery
from schema.public.root import PublicQuery
from schema.reports.root import ReportsQuery
from schema.users.root import UsersMutation, UsersQuery


@strawberry.type
class Query(UsersQuery, LinksQuery, PublicQuery, BookingsQuery, LogsQuery, ReportsQuery):
    node: relay.Node | None = strawberry.field(
        resolver=resolve_node,
        description="Any object by its global ID; null when it does not exist or is not yours.",
    )


@strawberry.type
class Mutation(UsersMutation, LinksMutation, BookingsMutation):
    pass


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, DomainError)


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    # Reachable only through node(id) so far: name it so the schema knows it.
    types=[Booking],
    exception_handlers=exception_handlers(),
    extensions=[
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        AnonymousIntrospectionGuard,
        lambda: MaskErrors(should_mask_error=_should_mask, error_message="Unexpected error."),
    ],
)
