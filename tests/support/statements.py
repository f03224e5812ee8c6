"""Recording every SQL statement the ORM's connections send, to count a request's cost."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tortoise import connections
from tortoise.exceptions import ConfigurationError

from models.db.reads import READS

EXECUTE_METHODS = (
    "execute_query",
    "execute_query_dict",
    "execute_insert",
    "execute_many",
    "execute_script",
)


def record_statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement sent from now on, on the default connection and on the reads' one."""
    log: list[str] = []

    def counting(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def execute(query: str, *args: Any, **kwargs: Any) -> Any:
            log.append(query)
            return await method(query, *args, **kwargs)

        return execute

    for connection in _connections():
        for name in EXECUTE_METHODS:
            monkeypatch.setattr(connection, name, counting(getattr(connection, name)))
    return log


def _connections() -> list[Any]:
    found = [connections.get("default")]
    with contextlib.suppress(ConfigurationError):
        found.append(connections.get(READS))
    return found
