"""SQL statements per GraphQL request, counted in this process through the ORM's query log.

Every statement the ORM sends, inside a transaction or not, passes through the
``tortoise.db_client`` logger at DEBUG; BEGIN and COMMIT do not, and are not counted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from bench.processes import PUBLIC_URL
from config import Environment, Settings
from server import create_app

_CONNECTION_NOTICES = ("Created connection", "Closed connection")


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if record.msg == "%s: %s" and isinstance(args, tuple) and args:
            message = str(args[0])
        else:
            message = str(record.msg)
        if not message.startswith(_CONNECTION_NOTICES):
            self.statements.append(message)


@contextmanager
def statement_log() -> Iterator[list[str]]:
    logger = logging.getLogger("tortoise.db_client")
    collector = _Collector()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(collector)
    try:
        yield collector.statements
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
        logger.propagate = propagate


class InProcessClient:
    """The real app without a server, on the ORM this process has open."""

    def __init__(self, database_url: str) -> None:
        settings = Settings(
            database_url=database_url, public_url=PUBLIC_URL, environment=Environment.PRODUCTION
        )
        app = create_app(settings, manage_database=False)
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def execute(
        self, document: str, variables: dict[str, Any], *, key: str | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        response = await self.http.post(
            "/graphql", json={"query": document, "variables": variables}, headers=headers
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise RuntimeError(f"GraphQL error: {body['errors']}")
        return body

    async def statements(
        self, document: str, variables: dict[str, Any], *, key: str | None = None
    ) -> tuple[list[str], dict[str, Any]]:
        with statement_log() as log:
            body = await self.execute(document, variables, key=key)
        return list(log), body
