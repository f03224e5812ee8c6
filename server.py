"""The ASGI application: ORM lifecycle, GraphQL endpoint and health checks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from tortoise import Tortoise

from background.idle_time import IdleTime
from background.jobs import BackgroundJobs
from background.live_feed import LiveFeed
from config import Settings, load_settings
from models.db.database import tortoise_config
from models.db.problems import Outage, unwritable_recently
from models.db.reads import read_connection
from observability.logs import log_stray_output
from observability.metrics import Metrics, MetricsEndpoint
from observability.outage_log import outage_log
from resolvers.failure_reads import FailureReads
from schema import schema
from transport.auth import ApiKeyAuthMiddleware
from transport.calendar_files import BookingCalendarFile
from transport.draining import Drain
from transport.graphql_app import GraphQLApp
from transport.http_guards import BodyLimitMiddleware, RequestIdMiddleware
from transport.outages import DatabaseOutageMiddleware
from transport.persisted_queries import persisted_queries_for
from transport.reports_csv import single_use_links_csv
from transport.request_log import RequestLogMiddleware
from transport.serving import ServingMiddleware
from transport.sessions import SessionEndpoint
from transport.web_app import WEB_DIST, BookingPage, BuiltAssets, console_page


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


READY_PROBE_SECONDS = 1.0
# Where the console's session cookie signs its caller in: the API, not the pages.
SESSION_PATHS = frozenset({"/graphql", "/reports/single-use-links.csv"})
_REFUSED_WRITES = {
    Outage.STORAGE_FULL: "storage full",
    Outage.BUSY: "not writable: locked by another process",
}


def readiness(drain: Drain) -> Callable[[Request], Awaitable[JSONResponse]]:
    async def readyz(_: Request) -> JSONResponse:
        """Within a second: whether this worker takes requests, whether the database answers
        (on the reads' connection, which no waiting write holds up), and whether it could
        store the last write it was asked for."""
        if drain.draining:
            return JSONResponse({"status": "draining"}, status_code=503)
        try:
            async with asyncio.timeout(READY_PROBE_SECONDS):
                await read_connection().execute_query("SELECT 1")
        except TimeoutError:
            return _not_ready("not answering")
        except Exception:  # any failure means "not ready", and the probe says nothing more
            return _not_ready("unreachable")
        refused = unwritable_recently()
        if refused is not None:
            return _not_ready(_REFUSED_WRITES[refused])
        return JSONResponse({"status": "ok", "database": "ok"})

    return readyz


def _cors(settings: Settings) -> list[Middleware]:
    """Outermost, so that every answer to an allowed origin is readable, errors included.
    Keys travel in the Authorization header, never in cookies: no credentials mode."""
    if not settings.cors_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            # Apollo Client's CSRF-prevention and client-identification headers ride along.
            allow_headers=[
                "authorization",
                "content-type",
                "x-request-id",
                "apollo-require-preflight",
                "x-apollo-operation-name",
                "apollographql-client-name",
                "apollographql-client-version",
            ],
            expose_headers=["X-Request-Id", "Retry-After"],
            max_age=600,
        )
    ]


def _not_ready(database: str) -> JSONResponse:
    return JSONResponse({"status": "unavailable", "database": database}, status_code=503)


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """``manage_database=False`` leaves the ORM to the caller (tests open their own)."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        log_stray_output()
        drain.install()
        # Requests run outside the lifespan's context, so they need the global fallback.
        await Tortoise.init(
            config=tortoise_config(settings.database_url), _enable_global_fallback=True
        )
        background = BackgroundJobs(settings, metrics, idle)
        if settings.run_background:
            background.start()
        try:
            yield
        finally:
            await background.stop()
            await live_feed.stop()
            await Tortoise.close_connections()

    metrics = Metrics()
    # The background jobs in this process wait for its idle moments: requests go first.
    idle = IdleTime()
    failure_reads = FailureReads()
    drain = Drain(settings.drain_seconds)
    # Outage log lines name the database (never its password).
    outage_log.database_url = settings.database_url
    booking_page = BookingPage(settings.frame_ancestors)
    persisted_queries = persisted_queries_for(
        settings, schema._schema, WEB_DIST / "persisted-documents.json"
    )
    live_feed = LiveFeed(settings)
    graphql = GraphQLApp(schema, settings, metrics, persisted_queries, failure_reads, live_feed)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            # Subscriptions (graphql-transport-ws).
            WebSocketRoute("/graphql", graphql),
            Route("/session", SessionEndpoint(settings), methods=["POST", "DELETE"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readiness(drain), methods=["GET"]),
            Route("/reports/single-use-links.csv", single_use_links_csv, methods=["GET"]),
            Route(
                "/bookings/{token}.ics",
                BookingCalendarFile(settings, failure_reads),
                methods=["GET"],
            ),
            Route("/metrics", MetricsEndpoint(metrics, settings), methods=["GET"]),
            Mount("/assets", BuiltAssets()),
            Route("/app", console_page, methods=["GET"]),
            Route("/app/{screen:path}", console_page, methods=["GET"]),
            Route("/l/{token}", booking_page, methods=["GET"]),
            Route("/m/{token}", booking_page, methods=["GET"]),
            # Last: any other two-segment path is a standard link's address.
            Route("/{organization}/{link}", booking_page, methods=["GET"]),
        ],
        middleware=[
            Middleware(ServingMiddleware, idle=idle),
            *_cors(settings),
            Middleware(RequestIdMiddleware),
            Middleware(RequestLogMiddleware),
            Middleware(DatabaseOutageMiddleware),
            Middleware(
                BodyLimitMiddleware,
                max_bytes=settings.limits.max_body_bytes,
                read_seconds=settings.limits.body_read_seconds,
            ),
            Middleware(
                ApiKeyAuthMiddleware,
                settings=settings,
                own_authentication=frozenset({"/metrics"}),
                session_paths=SESSION_PATHS,
            ),
        ],
        lifespan=lifespan,
    )
