"""The GraphQL schema: each domain's root fields, inherited into one Query and Mutation."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache

from resolvers.nodes import resolve_node
from schema.bookings.root import BookingsMutation, BookingsQuery
from schema.bookings.types import Booking
from schema.errors import exception_handlers
from schema.introspection import AnonymousIntrospectionGuard
from schema.limits import RequestLimits
from schema.links.root import LinksMutation, LinksQuery
from schema.logs.root import LogsQuery
from schema.masking import MaskUnexpectedErrors
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


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    # Reachable only through node(id) so far: name it so the schema knows it.
    types=[Booking],
    exception_handlers=exception_handlers(),
    extensions=[
        RequestLimits,
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        AnonymousIntrospectionGuard,
        MaskUnexpectedErrors,
    ],
)
