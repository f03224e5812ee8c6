"""graphql-transport-ws as strawberry speaks it, with the rule of trusted documents: where only
those run, a subscription of a caller without an admin's key must be one of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql import GraphQLError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ErrorMessage,
    SubscribeMessage,
)

from resolvers.context import Context

if TYPE_CHECKING:
    from transport.persisted_queries import PersistedQueries


class TrustedDocumentsTransportWS(BaseGraphQLTransportWSHandler[Context, None]):
    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        persisted: PersistedQueries = self.view.persisted_queries  # type: ignore[attr-defined]
        query = message.get("payload", {}).get("query")
        refused = (
            persisted.refusal_of_text(query, self.context.viewer)
            if isinstance(query, str)
            else None
        )
        if refused is not None:
            error = GraphQLError(refused.message, extensions={"code": refused.code})
            await self.send_message(
                ErrorMessage(id=message["id"], type="error", payload=[error.formatted])
            )
            return
        await super().handle_subscribe(message)
