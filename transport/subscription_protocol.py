"""graphql-transport-ws as strawberry speaks it, with persisted documents: a subscription may
name its document by hash (``extensions.persistedQuery.sha256Hash``, the query left empty), as
the invitee pages do; and where only trusted documents run, a subscription of a caller without
an admin's key must be one of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import orjson
from graphql import GraphQLError
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http import GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ErrorMessage,
    SubscribeMessage,
)

from resolvers.context import Context
from transport.persisted_queries import DocumentRefused

if TYPE_CHECKING:
    from transport.persisted_queries import PersistedQueries


class PersistedDocumentsTransportWS(BaseGraphQLTransportWSHandler[Context, None]):
    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        persisted: PersistedQueries = self.view.persisted_queries  # type: ignore[attr-defined]
        payload = message.get("payload", {})
        query = payload.get("query")
        extensions = payload.get("extensions")
        refused: DocumentRefused | None = None
        if isinstance(extensions, dict) and "persistedQuery" in extensions:
            try:
                document = await persisted.document(
                    GraphQLRequestData(
                        query=query or None,
                        variables=None,
                        operation_name=None,
                        extensions=extensions,
                    ),
                    self.context.viewer,
                )
            except DocumentRefused as refusal:
                refused = refusal
            else:
                payload["query"] = document.text or ""
        elif isinstance(query, str):
            refused = persisted.refusal_of_text(query, self.context.viewer)
        if refused is not None:
            error = GraphQLError(refused.message, extensions={"code": refused.code})
            await self.send_message(
                ErrorMessage(id=message["id"], type="error", payload=[error.formatted])
            )
            return
        await super().handle_subscribe(message)


class TextFramesWebSocket(ASGIWebSocketAdapter):
    """graphql-transport-ws messages are text frames: browsers' clients (graphql-ws) refuse a
    binary one and close, and the view encodes JSON as bytes for HTTP's sake."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as disconnected:
            raise WebSocketDisconnected from disconnected
