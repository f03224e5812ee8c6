"""Strawberry's ASGI view with our request context and a faster JSON encoder."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry import Schema
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult

from config import Settings
from models.accounts.api_keys import find_active_key
from models.accounts.sessions import session_hash, session_viewer
from models.accounts.viewer import Viewer
from models.db.problems import is_outage
from models.errors import RateLimitedError
from models.live.subscribers import LiveEvents
from observability.metrics import Metrics
from resolvers.context import Context
from resolvers.failed_lookups import FailedLookupGuard, guard_for
from resolvers.failure_reads import FailureReads
from resolvers.loaders import build_loaders
from schema.limits import cost_model, limit_rules
from transport import web_app
from transport.live_connections import Credential, watch_revocation
from transport.outages import mark_unavailable
from transport.persisted_queries import DocumentRefused, PersistedQueries
from transport.problems import graphql_problem, request_id_of
from transport.request_body import decode_request_json
from transport.sessions import COOKIE as SESSION_COOKIE
from transport.sessions import same_origin
from transport.subscription_protocol import PersistedDocumentsTransportWS, TextFramesWebSocket


class GraphQLApp(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = PersistedDocumentsTransportWS
    websocket_adapter_class = TextFramesWebSocket

    def __init__(
        self,
        schema: Schema,
        settings: Settings,
        metrics: Metrics,
        persisted_queries: PersistedQueries,
        failure_reads: FailureReads | None = None,
        live_feed: LiveEvents | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.is_development else None,
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=CONNECTION_INIT_WAIT,
            max_subscriptions_per_connection=settings.limits.max_subscriptions_per_connection,
            # Keys travel in connection_init, never in cookies; browsers' other origins are
            # those CORS lets call the API.
            allowed_origins=settings.cors_origins,
        )
        self.settings = settings
        self.metrics = metrics
        self.cost_model = cost_model(schema._schema)
        self.limit_rules = limit_rules(settings.limits, self.cost_model)
        self.failure_reads = failure_reads or FailureReads()
        self.persisted_queries = persisted_queries
        self.live_feed = live_feed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """An anonymous caller whose address failed too many lookups this minute is refused
        whole, before anything runs. Requests that are not GraphQL requests get a 4xx whose
        body is GraphQL-shaped and names the problem."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        guard = self._guard(request)
        scope.setdefault("state", {})["failed_lookups"] = guard
        if not guard.exempt:
            try:
                await guard.check(None)
            except RateLimitedError as refused:
                self.metrics.rate_limit_refusals.inc()
                await _too_many(refused, request_id_of(scope))(scope, receive, send)
                return
            except Exception as error:
                # Counters out of reach: requests that need no database still answer, and
                # every lookup needs the database anyway.
                if not is_outage(error):
                    raise
        try:
            response = await self.run(request)
        except HTTPException as refused:
            response = _bad_request(refused, request_id_of(scope))
        await response(scope, receive, send)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET carrying only a persisted query's hash is an operation, not a visit.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        return web_app.page("graphiql.html")

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            document = await self.persisted_queries.document(request_data, context.viewer)
        except DocumentRefused as refused:
            result = ExecutionResult(
                data=None,
                errors=[GraphQLError(refused.message, extensions={"code": refused.code})],
            )
            return self._finish(request, sub_response, context, result)
        try:
            result = await super().execute_single(
                request,
                request_adapter,
                sub_response,
                context,
                root_value,
                replace(request_data, query=document.text),
            )
        except HTTPException as refused:
            # GraphQL over HTTP: an operation that GET may not carry is a 405 with Allow: POST.
            if request_adapter.method == "GET" and isinstance(
                refused.__cause__, InvalidOperationTypeError
            ):
                raise HTTPException(405, "Send mutations with POST.") from None
            raise
        if not _failed_before_execution(result):
            await self.persisted_queries.register(document)
        return self._finish(request, sub_response, context, result)

    def _finish(
        self, request: Request, sub_response: Response, context: Context, result: ExecutionResult
    ) -> ExecutionResult:
        if _wants_graphql_response(request):
            # GraphQL over HTTP's own media type: a request that failed before execution
            # (parsing, validation, variables) is a 400 without "data".
            sub_response.media_type = GRAPHQL_RESPONSE
            if _failed_before_execution(result):
                sub_response.status_code = 400
        mark_unavailable(result, sub_response)
        sub_response.headers["Cache-Control"] = _cache_control(request, context)
        # Answers differ by media type asked for and by key.
        sub_response.headers["Vary"] = "Accept, Authorization"
        return result

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if _wants_graphql_response(request) and _failed_before_execution(result):
            processed.pop("data", None)
        return processed

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == GRAPHQL_RESPONSE:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        return response

    def decode_json(self, data: str | bytes) -> dict[str, object]:
        return decode_request_json(data)

    def _guard(self, request: HTTPConnection) -> FailedLookupGuard:
        return guard_for(request, self.settings, self.failure_reads)

    async def on_ws_connect(self, context: Context) -> None:
        """Browsers cannot set headers on a WebSocket: the key comes in connection_init as
        ``{"authorization": "Bearer <api key>"}``, or the console's session cookie came with the
        handshake from this origin. A wrong key or an ended session closes with 4403; neither
        is an anonymous connection."""
        assert isinstance(context.request, WebSocket)
        websocket = context.request
        authorization = (context.connection_params or {}).get("authorization")
        if authorization is not None:
            scheme, _, credentials = str(authorization).partition(" ")
            key = (
                await find_active_key(credentials.strip())
                if scheme.lower() == "bearer" and credentials.strip()
                else None
            )
            if key is None:
                raise ConnectionRejectionError()
            viewer = Viewer.from_api_key(key)
            credential = Credential(viewer.api_key_id)
        elif (token := websocket.cookies.get(SESSION_COOKIE)) and same_origin(
            websocket, self.settings
        ):
            session = await session_viewer(token)
            if session is None:
                raise ConnectionRejectionError()
            viewer = session
            credential = Credential(viewer.api_key_id, session_hash(token))
        else:
            return None
        context.viewer = viewer
        context.loaders = build_loaders(viewer.organization_id)
        watch_revocation(websocket, credential)
        return None

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        viewer: Viewer | None = getattr(request.state, "viewer", None)
        return Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            settings=self.settings,
            viewer=viewer,
            loaders=build_loaders(viewer.organization_id if viewer else None),
            limit_rules=self.limit_rules,
            cost_model=self.cost_model,
            request_id=getattr(request.state, "request_id", "") or "unknown",
            failed_lookups=getattr(request.state, "failed_lookups", None) or self._guard(request),
            metrics=self.metrics,
            live_feed=self.live_feed,
        )

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)


GRAPHQL_RESPONSE = "application/graphql-response+json"
CONNECTION_INIT_WAIT = timedelta(seconds=10)


def _cache_control(request: Request, context: Context) -> str:
    """Answers are per caller and per moment (slots, statuses): no cache may keep them, except
    what the PublicCaching extension allows an anonymous GET."""
    if context.viewer is not None:
        return "private, no-store"
    if request.method == "GET" and context.shared_cache_seconds > 0:
        return f"public, max-age={context.shared_cache_seconds}"
    return "no-store"


def _wants_graphql_response(request: Request) -> bool:
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


def _failed_before_execution(result: ExecutionResult) -> bool:
    """Parsing, validation and variable errors carry no path: no field ever ran."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or [])
    )


_PROBLEM_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def _bad_request(refused: HTTPException, request_id: str) -> JSONResponse:
    return graphql_problem(
        refused.status_code,
        _PROBLEM_CODES.get(refused.status_code, "BAD_REQUEST"),
        refused.reason,
        request_id,
        headers={"Allow": "POST"} if refused.status_code == 405 else None,
    )


def _too_many(refused: RateLimitedError, request_id: str) -> JSONResponse:
    return graphql_problem(
        429,
        refused.code,
        refused.message,
        request_id,
        headers={"Retry-After": str(refused.retry_after_seconds)},
        retryAfterSeconds=refused.retry_after_seconds,
    )
