"""The GraphQL schema: each domain's root fields, inherited into one Query and Mutation."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import ExecutionContext

from resolvers.nodes import resolve_node, resolve_nodes
from schema.bookings.root import BookingsMutation, BookingsQuery
from schema.bookings.types import Booking
from schema.calendars.root import CalendarsMutation, CalendarsQuery
from schema.errors import exception_handlers
from schema.introspection import AnonymousIntrospectionGuard
from schema.limits import OperationCost, RequestLimits
from schema.links.root import LinksMutation, LinksQuery
from schema.live.root import LiveSubscription
from schema.logs.root import LogsQuery
from schema.masking import MaskUnexpectedErrors
from schema.outcome import OperationOutcome
from schema.public.root import PublicQuery
from schema.public_caching import PublicCaching
from schema.reports.root import ReportsQuery
from schema.text_guard import ForbiddenTextGuard
from schema.users.root import UsersMutation, UsersQuery
from schema.webhooks.root import WebhooksMutation, WebhooksQuery
from schema.webhooks.types import WebhookDelivery


@strawberry.type
class Query(
    UsersQuery,
    LinksQuery,
    PublicQuery,
    BookingsQuery,
    LogsQuery,
    ReportsQuery,
    WebhooksQuery,
    CalendarsQuery,
):
    node: relay.Node | None = strawberry.field(
        resolver=resolve_node,
        description="Any object by its global ID; null when it does not exist or is not yours.",
    )
    nodes: list[relay.Node | None] = strawberry.field(
        resolver=resolve_nodes,
        description=(
            "Objects by their global IDs (at most 100), in the order given; null for each "
            "that does not exist or is not yours."
        ),
    )


@strawberry.type
class Mutation(UsersMutation, LinksMutation, BookingsMutation, WebhooksMutation, CalendarsMutation):
    pass


@strawberry.type
class Subscription(LiveSubscription):
    pass


class SlotlinkSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Strawberry would log every error with the document, which may carry a token.
        Expected errors are the client's business; unexpected ones are logged, without the
        document, by ``MaskUnexpectedErrors``."""


schema = SlotlinkSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    # Reachable only through node(id) or a payload: name them so the schema knows them.
    types=[Booking, WebhookDelivery],
    exception_handlers=exception_handlers(),
    extensions=[
        RequestLimits,
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        AnonymousIntrospectionGuard,
        ForbiddenTextGuard,
        OperationCost,
        MaskUnexpectedErrors,
        OperationOutcome,
        PublicCaching,
    ],
)
