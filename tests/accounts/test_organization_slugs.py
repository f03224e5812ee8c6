"""An organization's slug is the first segment of its links' addresses: never one of the
server's own."""

from __future__ import annotations

import pytest
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute

from config import Environment, Settings
from models.accounts.organizations import unique_organization_slug
from models.slugs import RESERVED_ORGANIZATION_SLUGS
from server import create_app
from tests.support.databases import Backend


def _first_segments(routes: list[BaseRoute]) -> set[str]:
    segments = set()
    for route in routes:
        if isinstance(route, Route | WebSocketRoute | Mount):
            first = route.path.strip("/").split("/")[0]
            if first and not first.startswith("{"):
                segments.add(first)
    return segments


def test_every_first_segment_of_the_servers_routes_is_reserved() -> None:
    settings = Settings(
        database_url="sqlite://unused.db",
        public_url="https://slotlink.test",
        environment=Environment.DEVELOPMENT,
    )
    app = create_app(settings, manage_database=False)

    assert _first_segments(app.routes) <= RESERVED_ORGANIZATION_SLUGS


@pytest.mark.parametrize("name", ["L", "M", "Assets", "GraphQL", "Reports"])
async def test_an_organization_named_like_a_route_gets_another_slug(db: Backend, name: str) -> None:
    slug = await unique_organization_slug(name)

    assert slug not in RESERVED_ORGANIZATION_SLUGS
    assert slug == f"{name.lower()}-2"
